package dev.qualify.report.junit;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** The two JUnit XML schemas our output must satisfy (test resources {@code schemas/}), as validators. */
enum JUnitSchemas {
    /** windyroad JUnit.xsd: the strict Ant schema. */
    ANT("schemas/ant-junit.xsd"),
    /** jenkinsci/xunit-plugin junit-10.xsd: the lenient Jenkins schema. */
    JENKINS("schemas/jenkins-junit-10.xsd");

    private final String resource;
    private Schema schema;

    JUnitSchemas(String resource) {
        this.resource = resource;
    }

    /**
     * @return every warning, error and fatal error the schema reports for the file; empty when it is valid
     */
    List<String> problems(Path xml) throws IOException, SAXException {
        List<String> problems = new ArrayList<>();
        Validator validator = schema().newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                problems.add(describe("warning", e));
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(describe("error", e));
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(describe("fatal", e));
            }
        });
        try {
            validator.validate(new StreamSource(xml.toFile()));
        } catch (SAXParseException e) {
            // already reported to the handler as a fatal error
        }
        return problems;
    }

    private synchronized Schema schema() throws SAXException {
        if (schema == null) {
            URL url = JUnitSchemas.class.getClassLoader().getResource(resource);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(url);
        }
        return schema;
    }

    private String describe(String level, SAXParseException e) {
        return name() + " " + level + " at " + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage();
    }
}
