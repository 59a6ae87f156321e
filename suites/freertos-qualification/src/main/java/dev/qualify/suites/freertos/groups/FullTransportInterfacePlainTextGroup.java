package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.ConfigHeader;
import dev.qualify.suites.freertos.UnityDeviceTests;
import dev.qualify.suites.freertos.echo.EchoServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code FullTransportInterfacePlainText}: the device's transport interface against a plain TCP echo server that
 * Qualify starts for the group (FLIT's {@code Full_TransportInterfaceTest}). The server listens on loopback on an
 * ephemeral port; its address goes into {@code test_param_config.h}, so each run builds its own image.
 */
@QualificationGroup(id = "FullTransportInterfacePlainText", title = "Transport interface (plain text)", required = false,
        preparation = FullTransportInterfacePlainTextGroup.Image.class, cases = {
        "Full_TransportInterfaceTest.TransportSend_NetworkContextNullPtr",
        "Full_TransportInterfaceTest.TransportSend_BufferNullPtr",
        "Full_TransportInterfaceTest.TransportSend_ZeroByteToSend",
        "Full_TransportInterfaceTest.TransportRecv_NetworkContextNullPtr",
        "Full_TransportInterfaceTest.TransportRecv_BufferNullPtr",
        "Full_TransportInterfaceTest.TransportRecv_ZeroByteToRecv",
        "Full_TransportInterfaceTest.Transport_SendOneByteRecvCompare",
        "Full_TransportInterfaceTest.Transport_SendRecvOneByteCompare",
        "Full_TransportInterfaceTest.Transport_SendRecvCompare",
        "Full_TransportInterfaceTest.Transport_SendRecvCompareMultithreaded",
        "Full_TransportInterfaceTest.TransportSend_RemoteDisconnect",
        "Full_TransportInterfaceTest.TransportRecv_RemoteDisconnect",
        "Full_TransportInterfaceTest.TransportRecv_NoDataToReceive",
        "Full_TransportInterfaceTest.TransportRecv_ReturnZeroRetry"})
public class FullTransportInterfacePlainTextGroup {

    /**
     * Starts the echo server on loopback (an ephemeral port), keeps it for the group's tests, and asks for FLIT
     * with {@code TRANSPORT_INTERFACE_TEST_ENABLED} and the server's address in {@code test_param_config.h}.
     */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            EchoServer echo = group.keep(EchoServer.start(InetAddress.getLoopbackAddress(), 0));
            group.transcript().note("echo server listening on " + echo.address().getHostAddress() + ":" + echo.port());
            return FlitImage.of(group, List.of(ExecutionMacros.TRANSPORT_INTERFACE), Map.of(
                    "ECHO_SERVER_ENDPOINT", ConfigHeader.cString(echo.address().getHostAddress()),
                    "ECHO_SERVER_PORT", "( " + echo.port() + " )"));
        }
    }

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return UnityDeviceTests.run(group, FullTransportInterfaceTlsGroup.expectedCases(group));
    }
}
