package dev.qualify.core.bundle;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <signature>} and {@code <keyname>} elements of IDT's {@code awsiotdevicetester_report.xml}. The
 * signature is the Base64 of a detached CMS signature (DER) over the report's bytes without these two elements;
 * the key name is the SHA-256 fingerprint of the signer's certificate. Both are inserted as one run of text right
 * after {@code </testsuiteversion>}, where IDT's report has them, so removing exactly that text gives the bytes that
 * were signed:
 * <pre>
 * sed 's|&lt;signature&gt;[^&lt;]*&lt;/signature&gt;&lt;keyname&gt;[^&lt;]*&lt;/keyname&gt;||' awsiotdevicetester_report.xml &gt; unsigned.xml
 * </pre>
 */
public final class ApnSignature {
    public static final String FILE_NAME = "awsiotdevicetester_report.xml";
    private static final String ANCHOR = "</testsuiteversion>";
    private static final Pattern ELEMENTS = Pattern.compile(Pattern.quote(ANCHOR) + "<signature>([^<]*)</signature><keyname>([^<]*)</keyname>");

    /** A report split into what was signed and the signature it carries. */
    record Parts(byte[] unsigned, byte[] signature, String keyName) {
    }

    private ApnSignature() {
    }

    /**
     * @return the report with its {@code <signature>} and {@code <keyname>} (replacing earlier ones)
     * @throws BundleException when the report is not UTF-8 or has no {@code </testsuiteversion>}
     */
    static byte[] sign(byte[] report, SigningIdentity id) {
        String text = text(report).orElseThrow(() -> new BundleException(FILE_NAME + " is not UTF-8 text: cannot sign it"));
        text = ELEMENTS.matcher(text).replaceFirst(Matcher.quoteReplacement(ANCHOR));
        int at = text.indexOf(ANCHOR);
        if (at < 0) throw new BundleException(FILE_NAME + " has no " + ANCHOR + " element: not IDT's report shape, cannot sign it");
        byte[] unsigned = text.getBytes(StandardCharsets.UTF_8);
        String sig = Base64.getEncoder().encodeToString(Cms.sign(unsigned, id));
        at += ANCHOR.length();
        String signed = text.substring(0, at) + "<signature>" + sig + "</signature><keyname>" + Certificates.fingerprint(id.certificate())
                + "</keyname>" + text.substring(at);
        return signed.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the signed bytes and the signature, or empty when the report carries no signature */
    static Optional<Parts> parts(byte[] report) {
        Optional<String> text = text(report);
        if (text.isEmpty()) return Optional.empty();
        Matcher m = ELEMENTS.matcher(text.get());
        if (!m.find()) return Optional.empty();
        byte[] unsigned = (text.get().substring(0, m.start()) + ANCHOR + text.get().substring(m.end())).getBytes(StandardCharsets.UTF_8);
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(m.group(1).strip());
        } catch (IllegalArgumentException e) {
            sig = new byte[0];
        }
        return Optional.of(new Parts(unsigned, sig, m.group(2)));
    }

    private static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
