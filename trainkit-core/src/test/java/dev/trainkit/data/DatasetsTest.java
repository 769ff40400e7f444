package dev.trainkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Torch;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    /** 50 samples, label i % 10, input [i, -i]. Counts get() calls to prove targets avoid loading. */
    static final class Counting implements Dataset<Sample> {
        final AtomicInteger gets = new AtomicInteger();
        final int n;

        Counting(int n) {
            this.n = n;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public Sample get(int i) {
            Dataset.checkIndex("Counting", i, n);
            gets.incrementAndGet();
            return new Sample(new float[] {i, -i}, new long[] {2}, i % 10);
        }
    }

    static final class WithTargets implements Dataset<Sample>, HasTargets {
        final Counting base;

        WithTargets(int n) {
            base = new Counting(n);
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public Sample get(int i) {
            return base.get(i);
        }

        @Override
        public long target(int i) {
            return i % 10;
        }
    }

    @Test
    void tensorDatasetRows() {
        TensorDataset ds = new TensorDataset(Torch.arange(0., 12., 1.).reshape(3, 2, 2),
                Torch.tensor(new long[] {7, 8, 9}));
        assertEquals(3, ds.size());
        Sample s = ds.get(1);
        assertArrayEquals(new float[] {4, 5, 6, 7}, s.input());
        assertArrayEquals(new long[] {2, 2}, s.shape());
        assertEquals(8, s.label());
        assertEquals(9, ds.target(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(
                Torch.zeros(3, 2), Torch.tensor(new long[] {1, 2})));
        assertTrue(e.getMessage().contains("inputs has 3 rows, labels has 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Torch.zeros(3, 2), Torch.zeros(3)));
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class, () -> ds.get(3));
        assertTrue(oob.getMessage().contains("index 3 out of range for size 3"), oob.getMessage());
    }

    @Test
    void subsetAndConcat() {
        Counting a = new Counting(5);
        Counting b = new Counting(3);
        ConcatDataset<Sample> c = new ConcatDataset<>(List.of(a, b));
        assertEquals(8, c.size());
        assertArrayEquals(new int[] {5, 8}, c.cumulativeSizes());
        assertEquals(4, c.get(4).label());
        assertEquals(0, c.get(5).label());
        assertEquals(2, c.target(7));
        Subset<Sample> s = new Subset<>(c, new int[] {7, 0, 5});
        assertEquals(3, s.size());
        assertEquals(2, s.get(0).label());
        assertEquals(0, s.target(2));
        assertThrows(IndexOutOfBoundsException.class, () -> c.get(8));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> new Subset<>(a, new int[] {1, 9}));
        assertTrue(e.getMessage().contains("indices[1] = 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConcatDataset<Sample>(List.of()));
        Dataset<Long> labels = a.map(Sample::label);
        assertEquals(3L, labels.get(3));
    }

    @Test
    void randomSplitIsSeededDisjointAndComplete() {
        Counting ds = new Counting(50);
        List<Subset<Sample>> p1 = Datasets.randomSplit(ds, new int[] {30, 15, 5}, 7);
        List<Subset<Sample>> p2 = Datasets.randomSplit(ds, new int[] {30, 15, 5}, 7);
        List<Subset<Sample>> p3 = Datasets.randomSplit(ds, new int[] {30, 15, 5}, 8);
        Set<Integer> all = new HashSet<>();
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(p1.get(k).indices(), p2.get(k).indices());
            for (int i : p1.get(k).indices()) {
                assertTrue(all.add(i), "index " + i + " in two parts");
            }
        }
        assertEquals(50, all.size());
        assertNotEquals(Arrays.toString(p1.get(0).indices()), Arrays.toString(p3.get(0).indices()));
        // fractions: floor then round-robin remainder; [17, 16, 17] is what torch 1.13 random_split gives
        List<Subset<Sample>> f = Datasets.randomSplit(ds, new double[] {0.33, 0.33, 0.34}, 0);
        assertEquals(List.of(17, 16, 17), f.stream().map(Subset::size).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.randomSplit(ds, new int[] {30, 10}, 0));
        assertTrue(e.getMessage().contains("does not equal the length of the input dataset (50)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(ds, new double[] {0.5, 0.6}, 0));
    }

    @Test
    void selectClassesRelabelsWithoutLoading() {
        WithTargets ds = new WithTargets(50);
        Dataset<Sample> sel = Datasets.selectClasses(ds, 5, 6, 7, 8, 9);
        assertEquals(0, ds.base.gets.get(), "filtering through HasTargets must not load items");
        assertEquals(25, sel.size());
        assertEquals(0, sel.get(0).label()); // item 5 -> class 0
        assertEquals(5f, sel.get(0).input()[0]);
        assertEquals(4, ((HasTargets) sel).target(4)); // item 9 -> class 4
        Subset<Sample> few = Datasets.takePerClass(sel, 2, 3);
        assertEquals(10, few.size());
        long[] counts = new long[5];
        for (int i = 0; i < few.size(); i++) {
            counts[(int) few.target(i)]++;
        }
        assertArrayEquals(new long[] {2, 2, 2, 2, 2}, counts);
        assertArrayEquals(few.indices(), Datasets.takePerClass(sel, 2, 3).indices());
        assertEquals(25, Datasets.takePerClass(sel, 100, 3).size());
        assertThrows(IllegalArgumentException.class, () -> Datasets.selectClasses(ds, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Datasets.takePerClass(sel, 0, 3));
        // plain Sample datasets work too, by loading
        Counting plain = new Counting(20);
        assertEquals(4, Datasets.selectClasses(plain, 0, 1).size());
        assertEquals(10, Datasets.filter(plain, s -> s.label() < 5).size());
    }
}
