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

    /** Validates against both schemas our output must satisfy; throws with the validator's message otherwise. */
    static void validate(Path xml) throws Exception {
        for (String xsd : new String[]{"ant-junit.xsd", "jenkins-junit-10.xsd"}) {
            validate(xml, xsd);
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
