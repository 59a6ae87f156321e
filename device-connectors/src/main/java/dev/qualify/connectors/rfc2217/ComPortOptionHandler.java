package dev.qualify.connectors.rfc2217;

import org.apache.commons.net.telnet.TelnetOptionHandler;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The telnet option handler of COM-PORT-OPTION on the client side: offers the option (WILL), accepts the server's
 * DO, and keeps the latest value the server sent for each reply code, so {@link Rfc2217Link} can wait for the
 * answer to a command. Called on commons-net's reader thread; waiting happens on the caller's.
 */
final class ComPortOptionHandler extends TelnetOptionHandler {
    private final Map<Integer, int[]> replies = new HashMap<>();

    ComPortOptionHandler() {
        super(ComPortCommand.OPTION, true, false, true, true);
    }

    @Override
    public int[] answerSubnegotiation(int[] suboptionData, int suboptionLength) {
        if (suboptionLength >= 2 && suboptionData[0] == ComPortCommand.OPTION) {
            synchronized (replies) {
                replies.put(suboptionData[1], Arrays.copyOfRange(suboptionData, 2, suboptionLength));
                replies.notifyAll();
            }
        }
        return null;
    }

    /** Forgets the last reply with {@code code}, before sending the command that provokes it. */
    void clear(int code) {
        synchronized (replies) {
            replies.remove(code);
        }
    }

    /** Waits for a reply with {@code code}; returns its value bytes (0..255 each). */
    Optional<int[]> await(int code, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (replies) {
            while (!replies.containsKey(code)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return Optional.empty();
                replies.wait(Math.max(1, left / 1_000_000));
            }
            return Optional.of(replies.get(code));
        }
    }
}
