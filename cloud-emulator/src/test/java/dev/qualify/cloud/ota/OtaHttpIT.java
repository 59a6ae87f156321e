package dev.qualify.cloud.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.api.cloud.OtaUpdate;
import dev.qualify.api.cloud.OtaUpdates;
import dev.qualify.cloud.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP delivery of OTA files: pre-signed URLs in the job document, range requests, expiry and tampering refused. */
class OtaHttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    OtaTestCloud c;
    OtaUpdates ota;
    HttpClient http;
    final byte[] file = new byte[3000];

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 13);
        c = new OtaTestCloud(dir);
        ota = c.ota;
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, TestTls.trustManagers(c.device.rootCaPem()).getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(tls).build();
    }

    @AfterEach
    void stop() {
        c.close();
    }

    private OtaUpdate update(String job, Duration lifetime) {
        return new OtaUpdate(job, "dev1", "firmware.bin", file, "signer.crt", null, null, 0, "HTTP", lifetime, null);
    }

    @Test
    void theDocumentCarriesAPresignedUrlAndARangeRequestGetsItsBytes() throws Exception {
        ota.create(update("h1", null));
        JsonNode f = fileEntry();
        assertThat(f.path("auth_scheme").asText()).isEqualTo("aws.s3.presigned");
        String url = f.path("update_data_url").asText();
        assertThat(url).startsWith("https://127.0.0.1:").contains("/ota/h1?").contains("X-Amz-Signature=");
        HttpResponse<byte[]> r = get(url, "bytes=1024-2047");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes 1024-2047/3000");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(file, 1024, 2048));
        assertThat(get(url, "bytes=2048-4095").body()).isEqualTo(Arrays.copyOfRange(file, 2048, 3000));
        assertThat(ota.blocksServed("h1")).isEqualTo(2);
    }

    @Test
    void anExpiredUrlIsRefusedWith403AndTheNextDocumentHasAFreshOne() throws Exception {
        ota.create(update("h2", Duration.ofSeconds(1)));
        String old = fileEntry().path("update_data_url").asText();
        Thread.sleep(2100);
        HttpResponse<byte[]> r = get(old, "bytes=0-1023");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body())).contains("<Code>AccessDenied</Code>").contains("Request has expired");
        assertThat(ota.expiredUrlRequests("h2")).isEqualTo(1);
        String fresh = fileEntry().path("update_data_url").asText();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(get(fresh, "bytes=0-1023").statusCode()).isEqualTo(206);
    }

    @Test
    void aTamperedUrlIsRefused() throws Exception {
        ota.create(update("h3", null));
        String url = fileEntry().path("update_data_url").asText();
        String longer = url.replaceAll("X-Amz-Expires=\\d+", "X-Amz-Expires=999999");
        HttpResponse<byte[]> r = get(longer, "bytes=0-1023");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body())).contains("SignatureDoesNotMatch");
        assertThat(ota.blocksServed("h3")).isZero();
    }

    private HttpResponse<byte[]> get(String url, String range) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Range", range).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** files[0] of the next job's document, as the device gets it now. */
    private JsonNode fileEntry() throws Exception {
        c.publish("$aws/things/dev1/jobs/$next/get", "{\"clientToken\":\"0:dev1\"}".getBytes());
        JsonNode afr = JSON.readTree(c.expect("$aws/things/dev1/jobs/$next/get/accepted")).path("execution")
                .path("jobDocument").path("afr_ota");
        assertThat(afr.path("protocols").toString()).isEqualTo("[\"HTTP\"]");
        return afr.path("files").path(0);
    }
}
