package dev.qualify.suites.freertos.groups;

import dev.qualify.core.engine.GroupRun;
import dev.qualify.core.suite.QualificationGroup;
import dev.qualify.suites.freertos.ConfigHeader;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FirmwareImage;
import dev.qualify.suites.freertos.UnityDeviceTests;
import dev.qualify.suites.freertos.echo.EchoServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code FullTransportInterfacePlainText}: the device's transport interface against a plain TCP echo server that
 * Qualify starts for the group (FLIT's {@code Full_TransportInterfaceTest}). The server listens on loopback on an
 * ephemeral port; its address goes into {@code test_param_config.h} before the build.
 */
@QualificationGroup(id = "FullTransportInterfacePlainText", title = "Transport interface (plain text)", required = false, cases = {
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

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupRun run) {
        EchoServer echo = EchoServer.start(InetAddress.getLoopbackAddress(), 0);
        try {
            run.transcript().note("echo server listening on " + echo.address().getHostAddress() + ":" + echo.port());
            Path image = FirmwareImage.build(run, List.of(ExecutionMacros.TRANSPORT_INTERFACE), Map.of(
                    "ECHO_SERVER_ENDPOINT", ConfigHeader.cString(echo.address().getHostAddress()),
                    "ECHO_SERVER_PORT", "( " + echo.port() + " )"));
            List<String> cases = List.of(getClass().getAnnotation(QualificationGroup.class).cases());
            return UnityDeviceTests.run(run, image, cases).onClose(echo::close);
        } catch (RuntimeException e) {
            echo.close();
            throw e;
        }
    }
}
