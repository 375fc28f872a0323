package dev.kiln.testkit;

import ai.onnx.proto.OnnxMl;
import dev.kiln.api.DType;
import dev.kiln.backend.spi.Backend;
import dev.kiln.backend.spi.BackendArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs a backend against ONNX's own node tests (Debian package {@code libonnx-testdata}): for every single-node
 * test whose operator the backend supports, feeds the stored inputs to {@code Backend.execute} and compares with
 * the stored outputs (floats within ONNX's default tolerance rtol 1e-3, atol 1e-7·scale; integers and booleans
 * exactly). {@link #KILN_EXCLUSIONS}, which follow from Kiln's own contract, apply to every backend; a backend passes
 * its own deliberate exclusions, each with a reason. Tests that need a dtype or attribute kind Kiln does not have are
 * reported as skipped with the reason.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> onnxConformance() {
 *     return OnnxNodeTests.dynamicTests(new JavaBackendProvider().create(), Map.of("test_edge_pad", "Pad: mode=constant only"));
 * }
 * }</pre>
 */
public final class OnnxNodeTests {
    /** Where Debian installs the node tests. */
    public static final Path DEFAULT_ROOT = Path.of("/usr/share/libonnx-testdata/data/node");

    /**
     * Node tests no Kiln backend runs, whatever it implements: they need a dtype Kiln does not have, or an operator
     * signature older than the one Kiln's contract names.
     */
    public static final Map<String, String> KILN_EXCLUSIONS = Map.of(
            "test_cast_DOUBLE_to_FLOAT16", "Kiln has no float16 dtype",
            "test_cast_FLOAT_to_FLOAT16", "Kiln has no float16 dtype",
            "test_cast_FLOAT_to_BFLOAT16", "Kiln has no bfloat16 dtype",
            "test_cast_FLOAT_to_STRING", "Kiln has no string dtype",
            "test_unsqueeze_axis_3", "written for opset 1 (axes as an attribute); Kiln implements the opset 13+ signature");

    private OnnxNodeTests() {}

    /** One node test: a directory with {@code model.onnx} and {@code test_data_set_*}. */
    public record Case(String name, Path dir, String opType) {}

    /** Node tests under {@code root} whose single operator {@code backend} supports, by name. */
    public static List<Case> cases(Path root, Backend backend) {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                Path model = d.resolve("model.onnx");
                if (!Files.isRegularFile(model)) {
                    continue;
                }
                OnnxMl.ModelProto m = readModel(model);
                if (m.getGraph().getNodeCount() != 1) {
                    continue;
                }
                String op = m.getGraph().getNode(0).getOpType();
                if (backend.supportedOps().contains(op) && m.getGraph().getNode(0).getDomain().isEmpty()) {
                    out.add(new Case(d.getFileName().toString(), d, op));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list ONNX node tests under " + root, e);
        }
        return out;
    }

    /**
     * One dynamic test per node test; skipped as a whole when the test data is not installed. {@code exclusions} are
     * the backend's own, on top of {@link #KILN_EXCLUSIONS}.
     */
    public static Stream<DynamicTest> dynamicTests(Backend backend, Map<String, String> exclusions) {
        Assumptions.assumeTrue(Files.isDirectory(DEFAULT_ROOT),
                "ONNX node test data not installed: apt-get install libonnx-testdata (scripts/install-deps.sh does)");
        List<Case> cases = cases(DEFAULT_ROOT, backend);
        if (cases.isEmpty()) {
            throw new AssertionFailedError("No ONNX node test matched the operators of backend `" + backend.name() + "`.");
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name() + " [" + c.opType() + "]", () -> {
            String reason = exclusions.getOrDefault(c.name(), KILN_EXCLUSIONS.get(c.name()));
            if (reason != null) {
                throw new TestAbortedException("excluded: " + reason);
            }
            try {
                run(backend, c);
            } catch (AssertionFailedError | TestAbortedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new AssertionFailedError(c.name() + ": " + e, e);
            }
        }));
    }

    /** Runs every data set of one case; throws on a mismatch, aborts (skip) on something Kiln cannot represent. */
    public static void run(Backend backend, Case c) throws IOException {
        OnnxMl.ModelProto model = readModel(c.dir().resolve("model.onnx"));
        OnnxMl.NodeProto node = model.getGraph().getNode(0);
        Map<String, Object> attrs = attributes(node);
        List<String> graphInputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : model.getGraph().getInputList()) {
            if (!v.getType().hasTensorType()) {
                throw new TestAbortedException("input `" + v.getName() + "` is a sequence, map or optional; Kiln has tensors only");
            }
            graphInputs.add(v.getName());
        }
        try (Stream<Path> sets = Files.list(c.dir())) {
            for (Path set : sets.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList()) {
                Map<String, BackendArray> byName = new HashMap<>();
                for (int i = 0; i < graphInputs.size(); i++) {
                    Path f = set.resolve("input_" + i + ".pb");
                    if (Files.isRegularFile(f)) {
                        byName.put(graphInputs.get(i), toArray(backend, readTensor(f)));
                    }
                }
                BackendArray[] inputs = new BackendArray[node.getInputCount()];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = node.getInput(i).isEmpty() ? null : byName.get(node.getInput(i));
                }
                int last = inputs.length;
                while (last > 0 && inputs[last - 1] == null) {
                    last--;
                }
                BackendArray[] got = backend.execute(node.getOpType(), attrs, Arrays.copyOf(inputs, last));
                for (int o = 0; o < node.getOutputCount(); o++) {
                    Path f = set.resolve("output_" + o + ".pb");
                    if (!Files.isRegularFile(f) || o >= got.length) {
                        continue;
                    }
                    compare(c.name() + "/" + set.getFileName() + " output " + o, toArray(backend, readTensor(f)), got[o]);
                }
            }
        }
    }

    private static OnnxMl.ModelProto readModel(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return OnnxMl.ModelProto.parseFrom(in);
        }
    }

    private static OnnxMl.TensorProto readTensor(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return OnnxMl.TensorProto.parseFrom(in);
        }
    }

    private static Map<String, Object> attributes(OnnxMl.NodeProto node) {
        Map<String, Object> out = new HashMap<>();
        for (OnnxMl.AttributeProto a : node.getAttributeList()) {
            switch (a.getType()) {
                case INT -> out.put(a.getName(), a.getI());
                case FLOAT -> out.put(a.getName(), (double) a.getF());
                case STRING -> out.put(a.getName(), a.getS().toStringUtf8());
                case INTS -> out.put(a.getName(), a.getIntsList().stream().mapToLong(Long::longValue).toArray());
                case FLOATS -> out.put(a.getName(), a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray());
                default -> throw new TestAbortedException("attribute `" + a.getName() + "` of kind " + a.getType() + " is not representable");
            }
        }
        return out;
    }

    private static BackendArray toArray(Backend backend, OnnxMl.TensorProto t) {
        DType dtype;
        try {
            dtype = DType.ofOnnx(t.getDataType());
        } catch (RuntimeException e) {
            throw new TestAbortedException("element type " + t.getDataType() + " is not a Kiln dtype");
        }
        int[] shape = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        ByteBuffer raw = t.getRawData().isEmpty() ? null : t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        Object data = switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? raw.getFloat(4 * i) : t.getFloatData(i);
                }
                yield v;
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? raw.getDouble(8 * i) : t.getDoubleData(i);
                }
                yield v;
            }
            case INT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? raw.getInt(4 * i) : t.getInt32Data(i);
                }
                yield v;
            }
            case INT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? raw.getLong(8 * i) : t.getInt64Data(i);
                }
                yield v;
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? raw.get(i) != 0 : t.getInt32Data(i) != 0;
                }
                yield v;
            }
        };
        return backend.fromArray(data, shape, dtype);
    }

    private static void compare(String what, BackendArray expected, BackendArray got) {
        if (!Arrays.equals(expected.shape(), got.shape())) {
            throw new AssertionFailedError(what + ": shape " + Arrays.toString(got.shape()) + ", expected " + Arrays.toString(expected.shape()));
        }
        if (expected.dtype() != got.dtype()) {
            throw new AssertionFailedError(what + ": dtype " + got.dtype() + ", expected " + expected.dtype());
        }
        double[] e = expected.toDoubleArray();
        double[] g = got.toDoubleArray();
        boolean floating = expected.dtype().isFloating();
        for (int i = 0; i < e.length; i++) {
            boolean ok = floating ? (Double.isNaN(e[i]) ? Double.isNaN(g[i]) : e[i] == g[i] || Math.abs(e[i] - g[i]) <= 1e-7 + 1e-3 * Math.abs(e[i]))
                    : e[i] == g[i];
            if (!ok) {
                throw new AssertionFailedError(what + ": element " + i + " is " + g[i] + ", expected " + e[i]);
            }
        }
    }
}
