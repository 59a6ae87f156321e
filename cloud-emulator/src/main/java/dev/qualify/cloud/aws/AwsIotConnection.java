package dev.qualify.cloud.aws;

import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.Endpoint;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * A checked connection to AWS IoT: credentials resolved, the control plane reached over TLS the settings trust,
 * and the account's {@code iot:Data-ATS} endpoint found. Closing it closes the clients.
 *
 * @param iot          the SDK client
 * @param dataEndpoint where devices connect (port 8883 unless the endpoint names one)
 */
public record AwsIotConnection(AwsIotSettings settings, IotClient iot, SdkHttpClient http, Endpoint dataEndpoint) implements AutoCloseable {

    /**
     * Connects and asks for the data endpoint.
     *
     * @throws CloudException saying what is wrong: missing credentials, unreachable endpoint, untrusted server
     *                        certificate (wrong CA), or credentials the service refuses
     */
    public static AwsIotConnection open(AwsIotSettings s) {
        var creds = AwsIotClients.credentials(s);
        SdkHttpClient http = AwsIotClients.http(s);
        IotClient iot = AwsIotClients.iot(s, creds, http);
        String where = s.endpoint() != null ? s.endpoint().toString() : "AWS IoT in " + s.region();
        try {
            String address = iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress();
            return new AwsIotConnection(s, iot, http, parse(address));
        } catch (IotException e) {
            close(iot, http);
            if (e.statusCode() == 401 || e.statusCode() == 403) {
                throw new CloudException("the AWS credentials were refused by " + where + " (" + e.awsErrorDetails().errorCode() + ")");
            }
            throw new CloudException("DescribeEndpoint failed at " + where + ": " + e.awsErrorDetails().errorMessage());
        } catch (SdkClientException e) {
            close(iot, http);
            throw new CloudException(classify(e, where, s));
        } catch (RuntimeException e) {
            close(iot, http);
            throw e;
        }
    }

    private static String classify(SdkClientException e, String where, AwsIotSettings s) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "TLS to " + where + " failed: its certificate does not chain to "
                        + (s.ca() != null ? "cloud.ca " + s.ca() : "the JVM's trusted CAs") + " (wrong CA?): " + c.getMessage();
            }
            if (c instanceof UnknownHostException) return "cannot reach " + where + ": unknown host " + c.getMessage();
            if (c instanceof ConnectException || c instanceof SocketTimeoutException) {
                return "cannot reach " + where + ": " + c.getMessage();
            }
        }
        return "cannot reach " + where + ": " + e.getMessage();
    }

    /**
     * The account's credentials provider ({@code DescribeEndpoint iot:CredentialProvider}), where a device exchanges
     * its certificate for AWS credentials through a role alias; port 443 unless the address names one.
     *
     * @throws CloudException when the service does not say
     */
    public Endpoint credentialsEndpoint() {
        try {
            return parse(iot.describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress(), 443);
        } catch (SdkException e) {
            throw new CloudException("DescribeEndpoint iot:CredentialProvider failed: " + e.getMessage(), e);
        }
    }

    static Endpoint parse(String address) {
        return parse(address, 8883);
    }

    private static Endpoint parse(String address, int defaultPort) {
        int c = address.lastIndexOf(':');
        if (c > 0 && address.substring(c + 1).matches("\\d{1,5}")) {
            return new Endpoint(address.substring(0, c), Integer.parseInt(address.substring(c + 1)));
        }
        return new Endpoint(address, defaultPort);
    }

    private static void close(IotClient iot, SdkHttpClient http) {
        iot.close();
        http.close();
    }

    @Override
    public void close() {
        close(iot, http);
    }
}
