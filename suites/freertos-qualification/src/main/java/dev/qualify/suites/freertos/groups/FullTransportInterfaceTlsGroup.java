package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ConfigHeader;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.UnityDeviceTests;
import dev.qualify.suites.freertos.echo.TlsEchoCredentials;
import dev.qualify.suites.freertos.echo.TlsEchoServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code FullTransportInterfaceTLS}: the device's transport interface over TLS against a TLS echo server Qualify
 * starts for the group (FLIT's {@code Full_TransportInterfaceTest}). The server's key and certificates come from
 * {@code echoServerConfiguration} and {@code echoServerCertificateConfiguration} (see {@link TlsEchoCredentials});
 * the server requires a client certificate and verifies it. The server's certificate ({@code ECHO_SERVER_ROOT_CA}),
 * the client certificate and key ({@code TRANSPORT_CLIENT_CERTIFICATE}, {@code TRANSPORT_CLIENT_PRIVATE_KEY}, PEM
 * as C string literals with {@code \n} line ends, the key as PKCS #8) and the server's address
 * ({@code ECHO_SERVER_ENDPOINT}, {@code ECHO_SERVER_PORT}) go into {@code test_param_config.h}.
 *
 * <p>Required and run on every pool, as IDT does.
 *
 * <p>The 14 cases, plus FLIT's 9 writev cases when the project defines {@code TRANSPORT_TEST_EXECUTE_WRITEV_TESTS}
 * (FLIT tests it with {@code #ifdef}) in its {@code test_param_config.h} or {@code test_execution_config.h}.
 */
@QualificationGroup(id = "FullTransportInterfaceTLS", title = "Transport interface (TLS)", required = true,
        preparation = FullTransportInterfaceTlsGroup.Image.class, cases = {
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
public class FullTransportInterfaceTlsGroup {

    /** The writev cases (FLIT order), run when the image defines {@value #WRITEV_MACRO}. */
    public static final List<String> WRITEV_CASES = List.of(
            "Full_TransportInterfaceTest.TransportWritev_NetworkContextNullPtr",
            "Full_TransportInterfaceTest.TransportWritev_BufferNullPtr",
            "Full_TransportInterfaceTest.TransportWritev_ZeroVectorsToSend",
            "Full_TransportInterfaceTest.TransportWritev_OneVectorBufferNullPtr",
            "Full_TransportInterfaceTest.TransportWritev_OneVectorLengthZero",
            "Full_TransportInterfaceTest.Transport_WritevOneByteRecvCompare",
            "Full_TransportInterfaceTest.Transport_WritevRecvCompare",
            "Full_TransportInterfaceTest.Transport_WritevRecvCompareMultithreaded",
            "Full_TransportInterfaceTest.TransportWritev_RemoteDisconnect");

    /** FLIT's switch for the writev cases. */
    public static final String WRITEV_MACRO = "TRANSPORT_TEST_EXECUTE_WRITEV_TESTS";

    private static final Pattern WRITEV_DEFINE = Pattern.compile(
            "(?m)^\\s*#\\s*define\\s+" + WRITEV_MACRO + "\\b");

    /**
     * Generates or reads the credentials, starts the TLS echo server on loopback, keeps it for the group's tests,
     * and asks for FLIT with {@code TRANSPORT_INTERFACE_TEST_ENABLED} and the server's address and credentials.
     */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            TlsEchoCredentials.Settings settings = TlsEchoCredentials.Settings.of(group.parameters().values(),
                    group.parameters().baseDir());
            InetAddress bind = InetAddress.getLoopbackAddress();
            TlsEchoCredentials credentials = TlsEchoCredentials.of(settings, bind.getHostAddress(),
                    "qualify-" + group.device().id());
            TlsEchoServer echo = group.keep(TlsEchoServer.start(bind, settings.serverPort(), credentials));
            group.transcript().note("TLS echo server listening on " + echo.address().getHostAddress() + ":"
                    + echo.port() + " (" + (settings.custom() ? "custom certificates"
                    : settings.keyGenerationMethod() + (settings.keyGenerationMethod().equals("EC")
                    ? " " + settings.eccCurveFormat() : "-2048") + " certificates generated for this run")
                    + "; client certificate required: " + credentials.clientCertificate().getSubjectX500Principal()
                    .getName() + ")");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("ECHO_SERVER_ENDPOINT", ConfigHeader.cString(echo.address().getHostAddress()));
            params.put("ECHO_SERVER_PORT", "( " + echo.port() + " )");
            params.putAll(credentials.headerMacros());
            return FlitImage.of(group, List.of(ExecutionMacros.TRANSPORT_INTERFACE), params);
        }
    }

    /** The cases the image runs: the declared 14, and the writev ones when the project defines them. */
    public static List<String> expectedCases(GroupContext group) {
        List<String> cases = new ArrayList<>(group.group().cases());
        if (writevEnabled(group)) {
            cases.addAll(WRITEV_CASES);
        }
        return cases;
    }

    /** Whether the project's test config headers define {@value #WRITEV_MACRO} (outside comments). */
    public static boolean writevEnabled(GroupContext group) {
        Object source = group.parameters().values().get("sourcePath");
        if (source == null) {
            return false;
        }
        Path root = group.parameters().baseDir().resolve(String.valueOf(source)).normalize();
        for (String header : List.of("Common/config/test_param_config.h", "Common/config/test_execution_config.h")) {
            Path file = root.resolve(header);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8)
                        .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                if (WRITEV_DEFINE.matcher(text).find()) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return UnityDeviceTests.run(group, expectedCases(group));
    }
}
