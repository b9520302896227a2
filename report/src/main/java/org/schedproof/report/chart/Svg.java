package org.schedproof.report.chart;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.io.StringWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.batik.svggen.SVGIDGenerator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Draws a JFreeChart onto Batik's SVG Graphics2D and returns the {@code <svg>} element as text, for inline HTML. */
public final class Svg {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    static {
        // JFreeChart's default draws rotated labels through TextLayout, which Batik turns into glyph outlines
        // clipped away; drawString under a rotation stays real <text>.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private Svg() {}

    /**
     * The chart as one {@code <svg>} element of the given size in CSS pixels, scaling to its container's width
     * (viewBox), with text kept as text.
     */
    public static String of(String id, JFreeChart chart, int width, int height) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().getDOMImplementation()
                    .createDocument(SVG_NS, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML DOM in this JVM", e);
        }
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(doc);
        context.setComment(null);
        // ids are unique in the page: every inline SVG shares one id space with the others
        context.setIDGenerator(new SVGIDGenerator() {
            @Override
            public String generateID(String prefix) {
                return super.generateID(id + "-" + prefix);
            }
        });
        context.setPrecision(2);
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g, new Rectangle(0, 0, width, height));
        Element root = g.getRoot();
        NodeList all = root.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("id").equals("genericDefs")) e.setAttribute("id", id + "-genericDefs");
        }
        root.setAttribute("viewBox", "0 0 " + width + " " + height);
        root.setAttribute("width", "100%");
        root.removeAttribute("height");
        root.setAttribute("role", "img");
        root.setAttribute("preserveAspectRatio", "xMidYMid meet");
        return text(root);
    }

    private static String text(Element root) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(root), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("could not write the SVG", e);
        }
    }
}
