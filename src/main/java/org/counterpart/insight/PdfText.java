package org.counterpart.insight;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes the text of a rendered PDF read back as it was written. A CJK font draws 工 and the Kangxi radical
 * ⼯ with one glyph, and the embedded font's text map names the first code point of the glyph, the radical:
 * copied or searched, 工作 would read ⼯作. Each font's map is written again with such code points replaced
 * by the ideographs they stand for (their compatibility decomposition).
 */
final class PdfText {

    private PdfText() {
    }

    static byte[] repaired(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            Map<PDFont, Boolean> seen = new IdentityHashMap<>();
            for (PDPage page : doc.getPages()) {
                PDResources resources = page.getResources();
                for (COSName name : resources.getFontNames()) {
                    PDFont font = resources.getFont(name);
                    if (font instanceof PDType0Font type0 && seen.put(font, Boolean.TRUE) == null) {
                        rewrite(doc, type0);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(PDDocument doc, PDType0Font font) throws IOException {
        Map<Integer, String> map = new TreeMap<>();
        boolean changed = false;
        for (int code = 1; code <= 0xFFFF; code++) {
            String text = font.toUnicode(code);
            if (text == null) {
                continue;
            }
            String plain = text.codePoints().anyMatch(PdfText::isRadical) ? Normalizer.normalize(text, Normalizer.Form.NFKC) : text;
            changed |= !plain.equals(text);
            map.put(code, plain);
        }
        if (!changed) {
            return;
        }
        PDStream stream = new PDStream(doc);
        try (OutputStream os = stream.createOutputStream(COSName.FLATE_DECODE)) {
            os.write(cmap(map).getBytes(StandardCharsets.US_ASCII));
        }
        font.getCOSObject().setItem(COSName.TO_UNICODE, stream);
    }

    /** The Kangxi radicals and the CJK radicals supplement, which a text should never carry for an ideograph. */
    private static boolean isRadical(int cp) {
        return (cp >= 0x2E80 && cp <= 0x2EFF) || (cp >= 0x2F00 && cp <= 0x2FDF);
    }

    private static String cmap(Map<Integer, String> map) {
        StringBuilder sb = new StringBuilder("""
                /CIDInit /ProcSet findresource begin
                12 dict begin
                begincmap
                /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
                /CMapName /Adobe-Identity-UCS def
                /CMapType 2 def
                1 begincodespacerange
                <0000> <FFFF>
                endcodespacerange
                """);
        var entries = map.entrySet().stream().toList();
        for (int i = 0; i < entries.size(); i += 100) {
            var block = entries.subList(i, Math.min(entries.size(), i + 100));
            sb.append(block.size()).append(" beginbfchar\n");
            for (var e : block) {
                sb.append(String.format("<%04X> <", e.getKey()));
                for (char c : e.getValue().toCharArray()) {
                    sb.append(String.format("%04X", (int) c));
                }
                sb.append(">\n");
            }
            sb.append("endbfchar\n");
        }
        sb.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return sb.toString();
    }
}
