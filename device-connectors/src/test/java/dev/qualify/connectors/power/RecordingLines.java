package dev.qualify.connectors.power;

import java.util.ArrayList;
import java.util.List;

/** {@link ModemLines} that record each change as {@code DTR=1}, {@code RTS=0}, ... */
final class RecordingLines implements ModemLines {
    final List<String> events = new ArrayList<>();

    @Override
    public synchronized void setDtr(boolean asserted) {
        events.add("DTR=" + (asserted ? 1 : 0));
    }

    @Override
    public synchronized void setRts(boolean asserted) {
        events.add("RTS=" + (asserted ? 1 : 0));
    }

    @Override
    public String describe() {
        return "recording lines";
    }
}
