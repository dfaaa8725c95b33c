package io.linkops.testinfra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/** A generator of test values that draws only from the random source it is given, so a seed reproduces every value. */
@FunctionalInterface
public interface Gen<T> {

    int FILTER_ATTEMPTS = 10_000;

    T next(RandomGenerator random);

    default List<T> sample(int count, RandomGenerator random) {
        List<T> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(next(random));
        }
        return values;
    }

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
        return random -> mapper.apply(next(random)).next(random);
    }

    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int attempt = 0; attempt < FILTER_ATTEMPTS; attempt++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            // A filter that almost never passes is a bug in the generator: retrying longer would only hide it.
            throw new IllegalStateException("no generated value passed the filter in " + FILTER_ATTEMPTS + " attempts");
        };
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    static <T> Gen<T> of(Collection<? extends T> values) {
        List<T> choices = new ArrayList<>(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return oneOf(Arrays.asList(gens));
    }

    static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
        List<Gen<? extends T>> choices = List.copyOf(gens);
        return random -> choices.get(random.nextInt(choices.size())).next(random);
    }

    static Gen<Integer> integers() {
        // A random shift spreads values over every magnitude; a uniform int would almost always be huge.
        return withEdges(List.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                random -> random.nextInt() >> random.nextInt(32));
    }

    static Gen<Integer> integers(int min, int max) {
        return withEdges(List.of(min, max), random -> (int) random.nextLong(min, max + 1L));
    }

    static Gen<Long> longsAtMost(long max) {
        return withEdges(List.of(max, Long.MIN_VALUE), random -> {
            long value = max - magnitude(random);
            return value <= max ? value : Long.MIN_VALUE;
        });
    }

    static Gen<Long> longsAtLeast(long min) {
        return withEdges(List.of(min, Long.MAX_VALUE), random -> {
            long value = min + magnitude(random);
            return value >= min ? value : Long.MAX_VALUE;
        });
    }

    static Gen<Double> doubles() {
        return withEdges(List.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE),
                random -> (random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(-3, 19)));
    }

    static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int minSize, int maxSize) {
        return random -> {
            int size = random.nextInt(minSize, maxSize + 1);
            Map<K, V> map = new LinkedHashMap<>();
            while (map.size() < size) {
                map.put(keys.filter(key -> !map.containsKey(key)).next(random), values.next(random));
            }
            return map;
        };
    }

    static Strings strings() {
        return new Strings("", 0, 255);
    }

    // A random bit length makes small and huge distances from the bound equally common.
    private static long magnitude(RandomGenerator random) {
        return random.nextLong() >>> (1 + random.nextInt(63));
    }

    // Inputs break most often at bounds, zero and the extremes, so those come up far more often than by chance.
    private static <T> Gen<T> withEdges(List<T> edges, Gen<T> values) {
        return random -> random.nextInt(10) == 0 ? edges.get(random.nextInt(edges.size())) : values.next(random);
    }

    /** Strings of characters from the chosen sets (any character but a lone surrogate when none is chosen). */
    record Strings(String chars, int minLength, int maxLength) implements Gen<String> {

        private static final String ALL = IntStream.rangeClosed(Character.MIN_VALUE, Character.MAX_VALUE)
                .filter(c -> !Character.isSurrogate((char) c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

        public Strings alpha() {
            return withCharRange('a', 'z').withCharRange('A', 'Z');
        }

        public Strings numeric() {
            return withCharRange('0', '9');
        }

        public Strings ascii() {
            return withCharRange((char) 0, (char) 127);
        }

        public Strings all() {
            return withChars(ALL);
        }

        public Strings withCharRange(char from, char to) {
            StringBuilder range = new StringBuilder();
            for (int c = from; c <= to; c++) {
                range.append((char) c);
            }
            return withChars(range.toString());
        }

        public Strings withChars(String more) {
            return new Strings(chars + more, minLength, maxLength);
        }

        public Strings ofMinLength(int length) {
            return new Strings(chars, length, maxLength);
        }

        public Strings ofMaxLength(int length) {
            return new Strings(chars, minLength, length);
        }

        public Strings ofLength(int length) {
            return new Strings(chars, length, length);
        }

        @Override
        public String next(RandomGenerator random) {
            String alphabet = chars.isEmpty() ? ALL : chars;
            int length = integers(minLength, maxLength).next(random);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        }
    }
}
