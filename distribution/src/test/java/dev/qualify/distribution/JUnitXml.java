package dev.qualify.distribution;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and validates a junit.xml written by a run. */
final class JUnitXml {
    static final Path SCHEMAS = Path.of("..", "report-generator", "src", "test", "resources", "schemas").toAbsolutePath();

    private JUnitXml() {
    }

    /**
     * Validates a run's {@code junit.xml} against the Jenkins schema, checks that each of its test cases attaches
     * its log ({@code <system-out>[[ATTACHMENT|logs/...]]}) and that the file is there, and validates every
     * {@code junit/TEST-*.xml} beside it against both the Ant and the Jenkins schema; throws with the validator's
     * message otherwise.
     */
    static void validate(Path xml) throws Exception {
        validate(xml, "jenkins-junit-10.xsd");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            NodeList out = c.getElementsByTagName("system-out");
            String text = out.getLength() == 1 ? out.item(0).getTextContent() : "";
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\[\\[ATTACHMENT\\|(logs/[^\\]]+)]]$").matcher(text);
            if (!m.matches()) {
                throw new AssertionError("test case " + c.getAttribute("name") + " of " + xml
                        + " attaches no log: <system-out> is '" + text + "'");
            }
            if (!java.nio.file.Files.isRegularFile(xml.getParent().resolve(m.group(1)))) {
                throw new AssertionError("test case " + c.getAttribute("name") + " attaches " + m.group(1)
                        + ", which is not a file of the run");
            }
        }
        Path suites = xml.resolveSibling("junit");
        if (java.nio.file.Files.isDirectory(suites)) {
            try (java.nio.file.DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(suites, "TEST-*.xml")) {
                for (Path f : files) {
                    validate(f, "ant-junit.xsd");
                    validate(f, "jenkins-junit-10.xsd");
                }
            }
        }
    }

    /** Validates against one schema ({@code ant-junit.xsd} or {@code jenkins-junit-10.xsd}). */
    static void validate(Path xml, String xsd) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.newSchema(SCHEMAS.resolve(xsd).toFile()).newValidator().validate(new StreamSource(xml.toFile()));
    }

    /** How many elements named {@code element} the file has (e.g. {@code flakyError}). */
    static int count(Path xml, String element) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        return doc.getElementsByTagName(element).getLength();
    }

    /** Test name to its outcome element ("passed", "failure", "error" or "skipped") for one device. */
    static Map<String, String> outcomes(Path xml, String device) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (!c.getAttribute("classname").startsWith(device.replace('.', '_') + ".")) continue;
            String outcome = "passed";
            for (String k : new String[]{"failure", "error", "skipped"}) {
                if (c.getElementsByTagName(k).getLength() > 0) outcome = k;
            }
            out.put(c.getAttribute("name"), outcome);
        }
        return out;
    }

    /** How many test cases ran on {@code device} (names repeat across groups, so count the elements). */
    static int cases(Path xml, String device) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        int n = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            if (((Element) cases.item(i)).getAttribute("classname").startsWith(device.replace('.', '_') + ".")) n++;
        }
        return n;
    }

    static String message(Path xml, String testName) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (!c.getAttribute("name").equals(testName)) continue;
            for (String k : new String[]{"failure", "error", "skipped"}) {
                NodeList n = c.getElementsByTagName(k);
                if (n.getLength() > 0) return ((Element) n.item(0)).getAttribute("message");
            }
        }
        return null;
    }
}
