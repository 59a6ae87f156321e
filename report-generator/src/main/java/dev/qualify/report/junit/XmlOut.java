package dev.qualify.report.junit;

import dev.qualify.report.SafeText;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A thin layer over the JDK's {@link XMLStreamWriter} that writes indented UTF-8 XML 1.0 and never lets a
 * character through that XML 1.0 cannot carry: every text and attribute value goes through {@link SafeText}.
 * Escaping of {@code < & > "} is the stream writer's. Whitespace is only added between elements, never inside an
 * element that holds text, so text content is exactly what was given (minus invalid characters).
 */
final class XmlOut {

    private static final String INDENT = "  ";

    private final XMLStreamWriter writer;
    /** For each open element: whether it has child elements (then its end tag goes on its own line). */
    private final Deque<Boolean> open = new ArrayDeque<>();

    private XmlOut(XMLStreamWriter writer) {
        this.writer = writer;
    }

    /** Starts a UTF-8 document on {@code out}; the caller closes {@code out} after {@link #finish()}. */
    static XmlOut startDocument(OutputStream out) throws XMLStreamException {
        XMLStreamWriter writer = XMLOutputFactory.newDefaultFactory()
                .createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
        writer.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
        return new XmlOut(writer);
    }

    /** A comment on its own line; "--" (not allowed in comments) becomes "- -". */
    XmlOut comment(String text) throws XMLStreamException {
        String safe = SafeText.oneLine(text).replace("--", "- -");
        newline();
        writer.writeComment(" " + (safe.endsWith("-") ? safe + " " : safe) + " ");
        return this;
    }

    XmlOut start(String name) throws XMLStreamException {
        childElement();
        writer.writeStartElement(name);
        open.push(Boolean.FALSE);
        return this;
    }

    /** An element without content, written as {@code <name/>}; attributes may follow. */
    XmlOut empty(String name) throws XMLStreamException {
        childElement();
        writer.writeEmptyElement(name);
        return this;
    }

    /** An attribute of the element just started; the value is put on one line. */
    XmlOut attribute(String name, String value) throws XMLStreamException {
        writer.writeAttribute(name, SafeText.oneLine(value));
        return this;
    }

    XmlOut attribute(String name, long value) throws XMLStreamException {
        writer.writeAttribute(name, Long.toString(value));
        return this;
    }

    /** Text content of the current element, line breaks kept. */
    XmlOut text(String text) throws XMLStreamException {
        writer.writeCharacters(SafeText.clean(text));
        return this;
    }

    XmlOut end() throws XMLStreamException {
        if (open.pop()) {
            newline();
        }
        writer.writeEndElement();
        return this;
    }

    /** An element holding only {@code text} (possibly empty). */
    XmlOut leaf(String name, String text) throws XMLStreamException {
        return start(name).text(text).end();
    }

    /** Closes what is open, ends the document and flushes; does not close the underlying stream. */
    void finish() throws XMLStreamException {
        while (!open.isEmpty()) {
            end();
        }
        writer.writeEndDocument();
        writer.writeCharacters("\n");
        writer.flush();
        writer.close();
    }

    private void childElement() throws XMLStreamException {
        if (!open.isEmpty()) {
            open.pop();
            open.push(Boolean.TRUE);
        }
        newline();
    }

    private void newline() throws XMLStreamException {
        writer.writeCharacters("\n" + INDENT.repeat(open.size()));
    }
}
