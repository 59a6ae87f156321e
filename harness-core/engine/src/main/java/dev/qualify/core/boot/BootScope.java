package dev.qualify.core.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the groups sharing one boot of one device share ({@link dev.qualify.api.suite.GroupContext#bootScoped}):
 * one instance per type, made on first use. Closing the scope closes the instances that are
 * {@link AutoCloseable}, newest first. Thread-safe.
 */
public final class BootScope implements AutoCloseable {
    private final Map<Class<?>, Object> values = new ConcurrentHashMap<>();
    private final List<Object> order = new ArrayList<>();

    public <T> T get(Class<T> type, Supplier<T> create) {
        return type.cast(values.computeIfAbsent(type, k -> {
            Object v = create.get();
            synchronized (order) {
                order.add(v);
            }
            return v;
        }));
    }

    @Override
    public void close() {
        List<Object> all;
        synchronized (order) {
            all = new ArrayList<>(order);
            order.clear();
        }
        values.clear();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // what a boot left behind must not fail the next group
                }
            }
        }
    }
}
