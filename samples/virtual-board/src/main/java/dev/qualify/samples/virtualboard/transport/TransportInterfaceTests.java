package dev.qualify.samples.virtualboard.transport;

import dev.qualify.samples.virtualboard.unity.TestCase;
import dev.qualify.samples.virtualboard.unity.TestGroup;
import dev.qualify.samples.virtualboard.unity.UnityFailure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.qualify.samples.virtualboard.unity.UnityAssert.*;

/**
 * The device side of FLIT's {@code transport_interface_test.c}: Unity group {@code Full_TransportInterfaceTest}
 * with its 14 cases, over real TCP connections to the echo server at {@code ECHO_SERVER_ENDPOINT:ECHO_SERVER_PORT}.
 *
 * <p>As in FLIT: every test's setup connects the primary network context (so when the echo server is unreachable
 * every case fails with the connect error), the tear-down checks the test buffer's guard bytes and disconnects;
 * test data is {@code 0,1,...,255,0,...}; sends and receives are retried up to 10 times with a 150 ms delay after a
 * partial receive; the multithreaded case runs two threads on two connections; the remote-disconnect cases send
 * {@code DISCONNECT} as the first data of the connection, which makes the echo server reset it.
 *
 * <p>What {@code --fail-case} does: the NULL-pointer and zero-length cases pass a valid context, buffer or length
 * instead; the compare cases flip a bit of the first byte of every send; the remote-disconnect cases send
 * {@code disconnect} (lower case, which the server echoes); the no-data cases make data arrive before receiving.
 */
public final class TransportInterfaceTests {

    /** Case names, in FLIT order. */
    public static final List<String> CASES = List.of("TransportSend_NetworkContextNullPtr",
            "TransportSend_BufferNullPtr", "TransportSend_ZeroByteToSend", "TransportRecv_NetworkContextNullPtr",
            "TransportRecv_BufferNullPtr", "TransportRecv_ZeroByteToRecv", "Transport_SendOneByteRecvCompare",
            "Transport_SendRecvOneByteCompare", "Transport_SendRecvCompare", "Transport_SendRecvCompareMultithreaded",
            "TransportSend_RemoteDisconnect", "TransportRecv_RemoteDisconnect", "TransportRecv_NoDataToReceive",
            "TransportRecv_ReturnZeroRetry");

    /** The writev cases FLIT runs after those when {@code TRANSPORT_TEST_EXECUTE_WRITEV_TESTS} is defined. */
    public static final List<String> WRITEV_CASES = List.of("TransportWritev_NetworkContextNullPtr",
            "TransportWritev_BufferNullPtr", "TransportWritev_ZeroVectorsToSend",
            "TransportWritev_OneVectorBufferNullPtr", "TransportWritev_OneVectorLengthZero",
            "Transport_WritevOneByteRecvCompare", "Transport_WritevRecvCompare",
            "Transport_WritevRecvCompareMultithreaded", "TransportWritev_RemoteDisconnect");

    private static final String FILE = "transport_interface_test.c";
    private static final int PREFIX_GUARD = 32;
    private static final int WRITABLE = 2048;
    private static final int SUFFIX_GUARD = 32;
    private static final int TOTAL = PREFIX_GUARD + WRITABLE + SUFFIX_GUARD;
    private static final int GUARD = 0xA5;
    private static final int RETRY_COUNT = 10;
    private static final long TEST_DELAY_MS = 150;
    private static final int THREADS = 2;
    private static final long WAIT_THREAD_TIMEOUT_MS = 1_000_000;
    private static final long WAIT_THREAD_RECEIVE_TIMEOUT_MS = 180_000;
    private static final byte[] DISCONNECT = "DISCONNECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_DISCONNECT = "disconnect".getBytes(StandardCharsets.US_ASCII);

    private static final class ThreadParameter {
        final NetworkContext context = new NetworkContext();
        final byte[] buffer = new byte[TOTAL];
        volatile boolean stop;
    }

    private final PlaintextTransport transport;
    private final String host;
    private final int port;
    private final long networkDelayMs;
    private final boolean writev;
    private final ThreadParameter[] params = {new ThreadParameter(), new ThreadParameter()};

    /**
     * @param networkDelayMs the longest wait for the echo server to drop a connection after {@code DISCONNECT}
     *                       (FLIT's {@code TRANSPORT_TEST_NETWORK_DELAY_MS} is 3000)
     */
    public TransportInterfaceTests(PlaintextTransport transport, String host, int port, long networkDelayMs) {
        this(transport, host, port, networkDelayMs, false);
    }

    /**
     * @param writev also run the 9 writev cases ({@code TRANSPORT_TEST_EXECUTE_WRITEV_TESTS} defined)
     */
    public TransportInterfaceTests(PlaintextTransport transport, String host, int port, long networkDelayMs,
                                   boolean writev) {
        this.writev = writev;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.networkDelayMs = networkDelayMs;
    }

    /** The group, with its cases in FLIT's {@code TEST_GROUP_RUNNER} order. */
    public TestGroup group() {
        TestGroup base = new TestGroup("Full_TransportInterfaceTest", FILE, TestGroup.Fixture.NONE, this::setUp,
                this::tearDown, List.of(
                TestCase.of("TransportSend_NetworkContextNullPtr", this::sendNetworkContextNullPtr),
                TestCase.of("TransportSend_BufferNullPtr", this::sendBufferNullPtr),
                TestCase.of("TransportSend_ZeroByteToSend", this::sendZeroByteToSend),
                TestCase.of("TransportRecv_NetworkContextNullPtr", this::recvNetworkContextNullPtr),
                TestCase.of("TransportRecv_BufferNullPtr", this::recvBufferNullPtr),
                TestCase.of("TransportRecv_ZeroByteToRecv", this::recvZeroByteToRecv),
                TestCase.of("Transport_SendOneByteRecvCompare", this::sendOneByteRecvCompare),
                TestCase.of("Transport_SendRecvOneByteCompare", this::sendRecvOneByteCompare),
                TestCase.of("Transport_SendRecvCompare", this::sendRecvCompare),
                TestCase.of("Transport_SendRecvCompareMultithreaded", this::sendRecvCompareMultithreaded),
                TestCase.of("TransportSend_RemoteDisconnect", this::sendRemoteDisconnect),
                TestCase.of("TransportRecv_RemoteDisconnect", this::recvRemoteDisconnect),
                TestCase.of("TransportRecv_NoDataToReceive", this::recvNoDataToReceive),
                TestCase.of("TransportRecv_ReturnZeroRetry", this::recvReturnZeroRetry)));
        if (!writev) {
            return base;
        }
        List<TestCase> all = new java.util.ArrayList<>(base.cases());
        all.addAll(List.of(
                TestCase.of("TransportWritev_NetworkContextNullPtr", this::writevNetworkContextNullPtr),
                TestCase.of("TransportWritev_BufferNullPtr", this::writevBufferNullPtr),
                TestCase.of("TransportWritev_ZeroVectorsToSend", this::writevZeroVectorsToSend),
                TestCase.of("TransportWritev_OneVectorBufferNullPtr", this::writevOneVectorBufferNullPtr),
                TestCase.of("TransportWritev_OneVectorLengthZero", this::writevOneVectorLengthZero),
                TestCase.of("Transport_WritevOneByteRecvCompare", this::writevOneByteRecvCompare),
                TestCase.of("Transport_WritevRecvCompare", this::writevRecvCompare),
                TestCase.of("Transport_WritevRecvCompareMultithreaded", this::writevRecvCompareMultithreaded),
                TestCase.of("TransportWritev_RemoteDisconnect", this::writevRemoteDisconnect)));
        return new TestGroup(base.name(), base.file(), base.beforeGroup(), base.setup(), base.tearDown(), all);
    }

    // ---- fixture

    private void setUp() {
        ThreadParameter p = params[0];
        Arrays.fill(p.buffer, (byte) GUARD);
        PlaintextTransport.ConnectResult result = transport.connect(p.context, host, port);
        assertEqual(PlaintextTransport.NETWORK_CONNECT_SUCCESS, result.status(),
                "Network connect failed: " + result.error());
    }

    private void tearDown() {
        try {
            verifyGuards(params[0].buffer);
        } finally {
            transport.disconnect(params[0].context);
            transport.corruptSends(false);
        }
    }

    // ---- helpers (FLIT prvInitializeTestData, prvVerifyTestData, prvTransportSendData, prvTransportRecvData)

    private static void initializeTestData(byte[] buffer, int from, int size) {
        for (int i = 0; i < size; i++) {
            buffer[from + i] = (byte) i;
        }
    }

    private static void verifyTestData(byte[] buffer, int from, int size, int maxSize) {
        int i;
        for (i = 0; i < size; i++) {
            assertEqual(i & 0xFF, buffer[from + i] & 0xFF, "Received data is not the same as expected.");
        }
        if (size < maxSize) {
            assertEqual(GUARD, buffer[from + i] & 0xFF, "Buffer after testSize should not be altered.");
        }
    }

    private void sendData(NetworkContext context, byte[] buffer, int from, int size) {
        int total = 0;
        for (int i = 0; i < RETRY_COUNT; i++) {
            int result = transport.send(context, buffer, from + total, size - total);
            assertGreaterOrEqual(0, result, "Transport send data should not have any error.");
            assertLessOrEqual(size - total, result, "More data is sent than expected.");
            total += result;
            if (total == size) {
                break;
            }
        }
        assertEqual(size, total, "Fail to send all the data expected.");
    }

    private void recvData(NetworkContext context, byte[] buffer, int from, int size) throws InterruptedException {
        int total = 0;
        Arrays.fill(buffer, from, from + size, (byte) GUARD);
        for (int i = 0; i < RETRY_COUNT; i++) {
            int result = transport.recv(context, buffer, from + total, size - total);
            assertGreaterOrEqual(0, result, "Transport receive data should not have any error.");
            assertLessOrEqual(size - total, result, "More data is received than expected.");
            total += result;
            if (size > total) {
                assertEachEqualHex8(GUARD, buffer, from + total, size - total,
                        "Buffer after received data should not be altered.");
            } else {
                break;
            }
            Thread.sleep(TEST_DELAY_MS);
        }
        assertEqual(size, total, "Fail to receive all the data expected.");
    }

    private static void verifyGuards(byte[] buffer) {
        assertEachEqualHex8(GUARD, buffer, 0, PREFIX_GUARD, "transportTestBuffer prefix guard should not be altered.");
        assertEachEqualHex8(GUARD, buffer, PREFIX_GUARD + WRITABLE, SUFFIX_GUARD,
                "transportTestBuffer suffix guard should not be altered.");
    }

    private void sendRecvCompareLoop(ThreadParameter p) throws InterruptedException {
        for (int size = 1; size <= WRITABLE; size++) {
            initializeTestData(p.buffer, PREFIX_GUARD, size);
            sendData(p.context, p.buffer, PREFIX_GUARD, size);
            recvData(p.context, p.buffer, PREFIX_GUARD, size);
            verifyTestData(p.buffer, PREFIX_GUARD, size, WRITABLE);
            if (p.stop) {
                break;
            }
        }
    }

    /** Runs {@code body} in a test thread and waits for it like FLIT's timed join; rethrows its failure. */
    private static void inThread(String name, ThreadParameter p, long timeoutMs, Body body)
            throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.setDaemon(true);
        p.stop = false;
        t.start();
        t.join(timeoutMs);
        if (t.isAlive()) {
            p.stop = true;
            t.interrupt();
        }
        rethrow(failure.get());
        assertTrue(!t.isAlive(), "Waiting for test thread receive data failed.");
    }

    private static void rethrow(Throwable failure) throws InterruptedException {
        if (failure instanceof UnityFailure f) {
            throw f;
        }
        if (failure instanceof InterruptedException e) {
            throw e;
        }
        if (failure != null) {
            throw fail("Unexpected " + failure, null);
        }
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    // ---- the tests

    private void sendNetworkContextNullPtr(boolean perturbed) {
        ThreadParameter p = params[0];
        int result = transport.send(perturbed ? p.context : null, p.buffer, PREFIX_GUARD, WRITABLE);
        assertLessThan(0, result, "Transport interface send with NULL NetworkContext_t pointer should return"
                + " negative value.");
    }

    private void sendBufferNullPtr(boolean perturbed) {
        ThreadParameter p = params[0];
        int result = transport.send(p.context, perturbed ? p.buffer : null, PREFIX_GUARD, 1);
        assertLessThan(0, result, "Transport interface send with NULL buffer pointer should return negative value.");
    }

    private void sendZeroByteToSend(boolean perturbed) {
        ThreadParameter p = params[0];
        int result = transport.send(p.context, p.buffer, PREFIX_GUARD, perturbed ? 1 : 0);
        assertLessThan(0, result, "Transport interface send with zero byte to send should return negative value.");
    }

    private void recvNetworkContextNullPtr(boolean perturbed) {
        ThreadParameter p = params[0];
        int result = transport.recv(perturbed ? p.context : null, p.buffer, PREFIX_GUARD, WRITABLE);
        assertLessThan(0, result, "Transport interface recv with NULL network context pointer should return"
                + " negative value.");
        assertEachEqualHex8(GUARD, p.buffer, PREFIX_GUARD, WRITABLE, "transportTestBuffer should not be altered.");
    }

    private void recvBufferNullPtr(boolean perturbed) {
        ThreadParameter p = params[0];
        int result = transport.recv(p.context, perturbed ? p.buffer : null, PREFIX_GUARD, WRITABLE);
        assertLessThan(0, result, "Transport interface recv with NULL buffer pointer should return negative value.");
    }

    private void recvZeroByteToRecv(boolean perturbed) {
        ThreadParameter p = params[0];
        int result = transport.recv(p.context, p.buffer, PREFIX_GUARD, perturbed ? 1 : 0);
        assertLessThan(0, result, "Transport interface recv with zero byte to recv should return negative value.");
        assertEachEqualHex8(GUARD, p.buffer, PREFIX_GUARD, WRITABLE, "transportTestBuffer should not be altered.");
    }

    private void sendOneByteRecvCompare(boolean perturbed) throws InterruptedException {
        transport.corruptSends(perturbed);
        ThreadParameter p = params[0];
        initializeTestData(p.buffer, PREFIX_GUARD, WRITABLE);
        sendData(p.context, p.buffer, PREFIX_GUARD, 1);
        sendData(p.context, p.buffer, PREFIX_GUARD + 1, WRITABLE - 1);
        recvData(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
        verifyTestData(p.buffer, PREFIX_GUARD, WRITABLE, WRITABLE);
    }

    private void sendRecvOneByteCompare(boolean perturbed) throws InterruptedException {
        transport.corruptSends(perturbed);
        ThreadParameter p = params[0];
        initializeTestData(p.buffer, PREFIX_GUARD, WRITABLE);
        sendData(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
        Arrays.fill(p.buffer, PREFIX_GUARD, PREFIX_GUARD + WRITABLE, (byte) GUARD);
        recvData(p.context, p.buffer, PREFIX_GUARD, 1);
        verifyTestData(p.buffer, PREFIX_GUARD, 1, WRITABLE);
        recvData(p.context, p.buffer, PREFIX_GUARD + 1, WRITABLE - 1);
        verifyTestData(p.buffer, PREFIX_GUARD, WRITABLE, WRITABLE);
    }

    private void sendRecvCompare(boolean perturbed) throws InterruptedException {
        transport.corruptSends(perturbed);
        sendRecvCompareLoop(params[0]);
    }

    private void sendRecvCompareMultithreaded(boolean perturbed) throws InterruptedException {
        compareMultithreaded(perturbed, this::sendRecvCompareLoop);
    }

    @FunctionalInterface
    private interface Loop {
        void run(ThreadParameter p) throws InterruptedException;
    }

    private void compareMultithreaded(boolean perturbed, Loop loop) throws InterruptedException {
        transport.corruptSends(perturbed);
        for (int i = 1; i < THREADS; i++) {
            Arrays.fill(params[i].buffer, (byte) GUARD);
        }
        PlaintextTransport.ConnectResult second = transport.connect(params[1].context, host, port);
        assertEqual(PlaintextTransport.NETWORK_CONNECT_SUCCESS, second.status(),
                "Network connect failed: " + second.error());
        Thread[] threads = new Thread[THREADS];
        List<AtomicReference<Throwable>> failures = new java.util.ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            ThreadParameter p = params[i];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            failures.add(failure);
            p.stop = false;
            threads[i] = new Thread(() -> {
                try {
                    loop.run(p);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "transport-compare-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        for (int i = 0; i < THREADS; i++) {
            threads[i].join(WAIT_THREAD_TIMEOUT_MS);
            if (threads[i].isAlive()) {
                params[i].stop = true;
            }
        }
        try {
            for (int i = 1; i < THREADS; i++) {
                transport.disconnect(params[i].context);
                verifyGuards(params[i].buffer);
            }
        } finally {
            for (int i = 1; i < THREADS; i++) {
                transport.disconnect(params[i].context);
            }
        }
        for (int i = 0; i < THREADS; i++) {
            rethrow(failures.get(i).get());
        }
        for (int i = 0; i < THREADS; i++) {
            assertTrue(!params[i].stop, "Test thread timeout.");
        }
    }

    private void remoteDisconnect(boolean perturbed) throws InterruptedException {
        ThreadParameter p = params[0];
        byte[] command = perturbed ? NOT_DISCONNECT : DISCONNECT;
        int result = transport.send(p.context, command, 0, command.length);
        assertEqual(command.length, result, "Transport send should not have any error.");
        transport.awaitRemoteClose(p.context, networkDelayMs);
    }

    private void sendRemoteDisconnect(boolean perturbed) throws InterruptedException {
        remoteDisconnect(perturbed);
        ThreadParameter p = params[0];
        int result = transport.send(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
        assertLessThan(0, result, "Transport send should return negative value when disconnected.");
    }

    private void recvRemoteDisconnect(boolean perturbed) throws InterruptedException {
        remoteDisconnect(perturbed);
        ThreadParameter p = params[0];
        if (perturbed) {
            transport.awaitData(p.context, networkDelayMs);
        }
        int result = transport.recv(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
        assertLessThan(0, result, "Transport receive should return negative value when disconnected.");
        assertEachEqualHex8(GUARD, p.buffer, PREFIX_GUARD, WRITABLE, "transportTestBuffer should not be altered.");
    }

    private void noDataToReceive(ThreadParameter p) {
        int result = transport.recv(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
        assertEqual(0, result, "No data to receive should return 0.");
        assertEachEqualHex8(GUARD, p.buffer, PREFIX_GUARD, WRITABLE, "transportTestBuffer should not be altered.");
    }

    private void makeDataArrive(ThreadParameter p) throws InterruptedException {
        byte[] one = {0x42};
        transport.send(p.context, one, 0, 1);
        transport.awaitData(p.context, networkDelayMs);
    }

    private void recvNoDataToReceive(boolean perturbed) throws InterruptedException {
        ThreadParameter p = params[0];
        if (perturbed) {
            makeDataArrive(p);
        }
        inThread("transport-no-data", p, WAIT_THREAD_RECEIVE_TIMEOUT_MS, () -> noDataToReceive(p));
    }

    private void recvReturnZeroRetry(boolean perturbed) throws InterruptedException {
        ThreadParameter p = params[0];
        if (perturbed) {
            makeDataArrive(p);
        }
        inThread("transport-zero-retry", p, WAIT_THREAD_RECEIVE_TIMEOUT_MS, () -> {
            noDataToReceive(p);
            initializeTestData(p.buffer, PREFIX_GUARD, WRITABLE);
            sendData(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
            recvData(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
            verifyTestData(p.buffer, PREFIX_GUARD, WRITABLE, WRITABLE);
        });
    }

    // ---- the writev tests (TRANSPORT_TEST_EXECUTE_WRITEV_TESTS)

    private static PlaintextTransport.OutVector vector(byte[] base, int offset, int length) {
        return new PlaintextTransport.OutVector(base, offset, length);
    }

    /** FLIT's prvTransportWritevData: true when every byte of the vectors was sent. */
    private boolean writevData(NetworkContext context, PlaintextTransport.OutVector[] vectors, int count) {
        int expected = 0;
        for (int i = 0; i < count; i++) {
            expected += vectors[i].length();
        }
        int total = 0;
        for (int i = 0; i < RETRY_COUNT && total < expected; i++) {
            int result = transport.writev(context, vectors, count);
            if (result < 0) {
                return false;
            }
            total += result;
            if (result == 0) {
                continue;
            }
            if (total < expected) {
                return false; // the board's writev sends everything or fails
            }
        }
        return total == expected;
    }

    private void writevNetworkContextNullPtr(boolean perturbed) {
        ThreadParameter p = params[0];
        PlaintextTransport.OutVector[] v = {vector(p.buffer, 0, WRITABLE)};
        int result = transport.writev(perturbed ? p.context : null, v, 1);
        assertLessThan(0, result, "Transport interface writev with NULL NetworkContext_t pointer should return"
                + " negative value.");
    }

    private void writevBufferNullPtr(boolean perturbed) {
        ThreadParameter p = params[0];
        PlaintextTransport.OutVector[] v = perturbed ? new PlaintextTransport.OutVector[] {vector(p.buffer,
                PREFIX_GUARD, 1)} : null;
        int result = transport.writev(p.context, v, 1);
        assertLessThan(0, result, "Transport interface writev with NULL vector pointer should return negative"
                + " value.");
    }

    private void writevZeroVectorsToSend(boolean perturbed) {
        ThreadParameter p = params[0];
        PlaintextTransport.OutVector[] v = {vector(p.buffer, 0, WRITABLE)};
        int result = transport.writev(p.context, v, perturbed ? 1 : 0);
        assertLessThan(0, result, "Transport interface writev with zero vectors to send should return negative"
                + " value.");
    }

    private void writevOneInvalidVector(PlaintextTransport.OutVector middle, String message)
            throws InterruptedException {
        ThreadParameter p = params[0];
        PlaintextTransport.OutVector[] v = {vector(p.buffer, PREFIX_GUARD, 1), middle,
                vector(p.buffer, PREFIX_GUARD + 2, 1)};
        assertTrue(!writevData(p.context, v, 3), message);
        transport.awaitData(p.context, TEST_DELAY_MS);
        int result = transport.recv(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
        assertEqual(1, result, "Transport receive must only return one byte. Other bytes should not be sent by"
                + " writev.");
    }

    private void writevOneVectorBufferNullPtr(boolean perturbed) throws InterruptedException {
        ThreadParameter p = params[0];
        writevOneInvalidVector(perturbed ? vector(p.buffer, PREFIX_GUARD + 1, 1) : vector(null, 0, 0),
                "Sending of a vector array with a NULL base pointer must fail.");
    }

    private void writevOneVectorLengthZero(boolean perturbed) throws InterruptedException {
        ThreadParameter p = params[0];
        writevOneInvalidVector(vector(p.buffer, PREFIX_GUARD + 1, perturbed ? 1 : 0),
                "Sending of a vector array with zero length member must fail");
    }

    private void writevOneByteRecvCompare(boolean perturbed) throws InterruptedException {
        transport.corruptSends(perturbed);
        ThreadParameter p = params[0];
        initializeTestData(p.buffer, PREFIX_GUARD, WRITABLE);
        assertTrue(writevData(p.context, new PlaintextTransport.OutVector[] {vector(p.buffer, PREFIX_GUARD, 1)}, 1),
                "Send test data failed.");
        assertTrue(writevData(p.context, new PlaintextTransport.OutVector[] {vector(p.buffer, PREFIX_GUARD + 1,
                WRITABLE - 1)}, 1), "Send test data failed.");
        recvData(p.context, p.buffer, PREFIX_GUARD, WRITABLE);
        verifyTestData(p.buffer, PREFIX_GUARD, WRITABLE, WRITABLE);
    }

    private void writevRecvCompareLoop(ThreadParameter p) throws InterruptedException {
        for (int size = 1; size <= WRITABLE; size++) {
            int count = size % 5 == 0 ? 5 : size % 3 == 0 ? 3 : size % 2 == 0 ? 2 : 1;
            PlaintextTransport.OutVector[] v = new PlaintextTransport.OutVector[count];
            for (int i = 0; i < count; i++) {
                v[i] = vector(p.buffer, PREFIX_GUARD + i * (size / count), size / count);
            }
            initializeTestData(p.buffer, PREFIX_GUARD, size);
            assertTrue(writevData(p.context, v, count), "Send test data failed.");
            recvData(p.context, p.buffer, PREFIX_GUARD, size);
            verifyTestData(p.buffer, PREFIX_GUARD, size, WRITABLE);
            if (p.stop) {
                break;
            }
        }
    }

    private void writevRecvCompare(boolean perturbed) throws InterruptedException {
        transport.corruptSends(perturbed);
        writevRecvCompareLoop(params[0]);
    }

    private void writevRecvCompareMultithreaded(boolean perturbed) throws InterruptedException {
        compareMultithreaded(perturbed, this::writevRecvCompareLoop);
    }

    private void writevRemoteDisconnect(boolean perturbed) throws InterruptedException {
        ThreadParameter p = params[0];
        byte[] command = perturbed ? NOT_DISCONNECT : DISCONNECT;
        int result = transport.writev(p.context, new PlaintextTransport.OutVector[] {vector(command, 0,
                command.length)}, 1);
        assertEqual(command.length, result, "Transport writev should not have any error.");
        transport.awaitRemoteClose(p.context, networkDelayMs);
        result = transport.writev(p.context, new PlaintextTransport.OutVector[] {vector(p.buffer, PREFIX_GUARD,
                WRITABLE)}, 1);
        assertLessThan(0, result, "Transport writev should return negative value when disconnected.");
    }
}
