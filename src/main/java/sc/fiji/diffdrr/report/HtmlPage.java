package sc.fiji.diffdrr.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.diffdrr.io.AtomicFile;

/** A static, self-contained HTML page of headings, text, tables and images, built in order. */
public final class HtmlPage {

  private final StringBuilder body = new StringBuilder();
  private final String title;

  public HtmlPage(String title) {
    this.title = title;
  }

  public HtmlPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /** A paragraph; the text is escaped. */
  public HtmlPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A highlighted one-line finding. */
  public HtmlPage finding(String text, boolean good) {
    body.append("<p class=\"finding ").append(good ? "good" : "bad").append("\">")
        .append(escape(text)).append("</p>\n");
    return this;
  }

  public HtmlPage image(String file, String caption) {
    body.append("<figure><a href=\"").append(escape(file)).append("\"><img src=\"")
        .append(escape(file)).append("\" alt=\"").append(escape(caption)).append("\"></a>")
        .append("<figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
    return this;
  }

  /** A table whose first row is the header. */
  public HtmlPage table(List<List<String>> rows) {
    body.append("<table>\n");
    for (int r = 0; r < rows.size(); r++) {
      body.append("<tr>");
      for (String cell : rows.get(r)) {
        String tag = r == 0 ? "th" : "td";
        body.append('<').append(tag).append('>').append(escape(cell)).append("</").append(tag)
            .append('>');
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  public void write(Path file) throws IOException {
    String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
        + escape(title) + "</title>\n<style>\n"
        + "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
        + "color:#222;line-height:1.45}\n"
        + "h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}\n"
        + "figure{display:inline-block;margin:0.5em 1em 0.5em 0;vertical-align:top}\n"
        + "img{max-width:100%;border:1px solid #ddd;image-rendering:pixelated}\n"
        + "figcaption{font-size:0.9em;color:#555}\n"
        + "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;"
        + "padding:0.25em 0.6em;text-align:right}th{background:#f3f3f3}\n"
        + "td:first-child,th:first-child{text-align:left}\n"
        + ".finding{padding:0.4em 0.8em;border-left:4px solid}\n"
        + ".good{border-color:#2a2;background:#f2fbf2}.bad{border-color:#c60;background:#fff6ee}\n"
        + "</style></head><body>\n<h1>" + escape(title) + "</h1>\n" + body + "</body></html>\n";
    AtomicFile.write(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
