package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.api.InvalidArgumentException;
import dev.kiln.api.Tensor;
import dev.kiln.api.data.ArrayDataSource;
import dev.kiln.api.data.Batch;
import dev.kiln.api.data.DataSource;
import dev.kiln.api.data.IndexedDataSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    private static final Batch EMPTY = new Batch(null, null, null);

    @Test
    void streamAsksForAFreshIteratorEachPass() {
        AtomicInteger passes = new AtomicInteger();
        DataSource s = Datasets.fromIterator(() -> {
            passes.incrementAndGet();
            return List.of(EMPTY, EMPTY).iterator();
        }, DataSource.UNKNOWN);
        assertEquals(DataSource.UNKNOWN, s.cardinality());
        for (int pass = 0; pass < 2; pass++) {
            int n = 0;
            for (Iterator<Batch> it = s.iterator(); it.hasNext(); it.next()) {
                n++;
            }
            assertEquals(2, n);
        }
        assertEquals(2, passes.get());
        assertEquals(DataSource.INFINITE, Datasets.fromIterator(() -> List.<Batch>of().iterator(), DataSource.INFINITE).cardinality());
        assertEquals(5, Datasets.fromIterator(() -> List.<Batch>of().iterator(), 5).cardinality());
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromIterator(() -> null, 1).iterator());
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromIterator(null, 1));
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromIterator(() -> List.<Batch>of().iterator(), -3));
    }

    @Test
    void indexedSourceChecksIndexes() {
        List<Integer> asked = new ArrayList<>();
        IndexedDataSource s = Datasets.fromIndexed(3, i -> {
            asked.add(i);
            return EMPTY;
        });
        assertEquals(3, s.size());
        assertEquals(3, s.cardinality());
        assertSame(EMPTY, s.get(2));
        int n = 0;
        for (Iterator<Batch> it = s.iterator(); it.hasNext(); it.next()) {
            n++;
        }
        assertEquals(3, n);
        assertEquals(List.of(2, 0, 1, 2), asked);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> s.get(3));
        assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromIndexed(1, i -> null).get(0));
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromIndexed(-1, i -> EMPTY));
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromIndexed(1, null));
    }

    @Test
    void arraysByNameAndByPosition() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5}, 5, 1);
        Tensor y = Tensor.of(new int[] {0, 1, 0, 1, 1}, 5);
        Map<String, Tensor> xs = new LinkedHashMap<>();
        xs.put("digits", x);
        ArrayDataSource named = Datasets.fromArrays(xs, Map.of("predictions", y), 2);
        assertEquals(3, named.size());
        assertEquals(5, named.numSamples());
        Batch last = named.get(2);
        assertEquals(1, last.size());
        assertTrue(last.x().isNamed());
        assertArrayEquals(new float[] {5}, last.x().get("digits").toFloatArray(), 0f);
        assertArrayEquals(new int[] {1}, last.y().get("predictions").toIntArray());

        ArrayDataSource positional = Datasets.fromArrays(List.of(x), List.of(y));
        assertEquals(Datasets.DEFAULT_BATCH_SIZE, positional.batchSize());
        assertFalse(positional.get(0).x().isNamed());
        assertEquals(5, positional.get(0).size());

        ArrayDataSource single = Datasets.fromArrays(x, null, 4);
        assertEquals(2, single.size());
        assertEquals(null, single.get(0).y());
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromArrays((Map<String, Tensor>) null, null));
        assertThrows(InvalidArgumentException.class, () -> Datasets.fromArrays(x, Tensor.of(new int[] {1, 2}, 2), 2));
    }
}
