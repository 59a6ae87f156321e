package dev.qualify.samples.virtualboard.ota;

import java.util.BitSet;

/** The agent's state of one file download: which blocks came, how many of the last request are still due. */
final class Download {
    private final OtaJob job;
    private final String dataTopic;
    private final int blockSize;
    private final int blocks;
    private final BitSet received = new BitSet();
    private int outstanding;
    private volatile String url;

    Download(OtaJob job, String dataTopic, int blockSize) {
        this.job = job;
        this.dataTopic = dataTopic;
        this.blockSize = blockSize;
        this.blocks = (int) ((job.fileSize() + blockSize - 1) / blockSize);
    }

    /** The pre-signed URL of an HTTP download (renewed when the job document comes again), or null for MQTT. */
    String url() {
        return url;
    }

    void url(String u) {
        url = u;
    }

    /** The first block still missing, or -1. */
    int firstMissing() {
        int i = received.nextClearBit(0);
        return i < blocks ? i : -1;
    }

    long blockSize() {
        return blockSize;
    }

    OtaJob job() {
        return job;
    }

    String dataTopic() {
        return dataTopic;
    }

    int blocks() {
        return blocks;
    }

    int received() {
        return received.cardinality();
    }

    int outstanding() {
        return outstanding;
    }

    /** Whether block {@code id} of {@code length} bytes is one this file still needs. */
    boolean accepts(int id, int length) {
        if (id < 0 || id >= blocks || received.get(id)) return false;
        long expected = id == blocks - 1 ? job.fileSize() - (long) id * blockSize : blockSize;
        return length == expected;
    }

    /** Marks a block received; returns how many are in. */
    int received(int id) {
        received.set(id);
        if (outstanding > 0) outstanding--;
        return received.cardinality();
    }

    /** A request for {@code n} blocks went out. */
    void requested(int n) {
        outstanding = n;
    }

    /** The stream request's bitmap: bit {@code i} (least significant first in each byte) set for a missing block. */
    byte[] missingBitmap() {
        byte[] bitmap = new byte[(blocks + 7) / 8];
        for (int i = 0; i < blocks; i++) {
            if (!received.get(i)) bitmap[i >> 3] |= (byte) (1 << (i & 7));
        }
        return bitmap;
    }
}
