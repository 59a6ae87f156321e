package dev.qualify.core.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group runs in progress in this JVM, by session id; how the Jupiter extension finds the {@link GroupRun}
 * named by the launcher's configuration parameter {@value #SESSION_PARAMETER}.
 */
public final class GroupRuns {
    /** Launcher configuration parameter carrying the session id. */
    public static final String SESSION_PARAMETER = "qualify.session";

    private static final Map<String, GroupRun> RUNS = new ConcurrentHashMap<>();

    private GroupRuns() {
    }

    static void register(String session, GroupRun run) {
        RUNS.put(session, run);
    }

    static void unregister(String session) {
        RUNS.remove(session);
    }

    public static Optional<GroupRun> find(String session) {
        return Optional.ofNullable(RUNS.get(session));
    }
}
