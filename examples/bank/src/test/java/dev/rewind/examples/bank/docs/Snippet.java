package dev.rewind.examples.bank.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ```java} block of a Markdown document, as lines without their indentation and without blank lines. A
 * line {@code // ...} leaves code out: it splits the snippet into parts that must follow one another in one source.
 *
 * @param document where it stands, as shown in messages
 * @param line the document's line number of the block's first line
 * @param parts the lines of each part
 */
record Snippet(String document, int line, List<List<String>> parts) {

    /** The line that leaves code out. */
    static final String ELISION = "// ...";

    /** Every {@code ```java} block of a document, in order. */
    static List<Snippet> in(Path root, String document) {
        try {
            return parse(document, Files.readAllLines(root.resolve(document)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every {@code ```java} block of these document lines, in order.
     *
     * @throws IllegalStateException if a block is not closed
     */
    static List<Snippet> parse(String document, List<String> lines) {
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```java")) {
                int start = i + 1;
                List<String> code = new ArrayList<>();
                while (++i < lines.size() && !lines.get(i).strip().equals("```")) {
                    code.add(lines.get(i));
                }
                if (i == lines.size()) {
                    throw new IllegalStateException(document + ":" + start + ": the ```java block is not closed");
                }
                snippets.add(new Snippet(document, start + 1, split(code)));
            }
        }
        return snippets;
    }

    /** The code's lines stripped, blank ones dropped; an elision line ends a part. */
    private static List<List<String>> split(List<String> code) {
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        for (String line : normalized(code)) {
            if (line.equals(ELISION)) {
                parts.add(List.copyOf(part));
                part = new ArrayList<>();
            } else {
                part.add(line);
            }
        }
        parts.add(List.copyOf(part));
        parts.removeIf(List::isEmpty);
        return List.copyOf(parts);
    }

    /** Lines without leading and trailing white space, blank lines dropped. */
    static List<String> normalized(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** Whether every part stands in these (normalized) lines, in order and without overlapping; never if empty. */
    boolean standsIn(List<String> source) {
        if (parts.isEmpty()) {
            return false;
        }
        int from = 0;
        for (List<String> part : parts) {
            int at = indexOf(source, part, from);
            if (at < 0) {
                return false;
            }
            from = at + part.size();
        }
        return true;
    }

    private static int indexOf(List<String> source, List<String> part, int from) {
        for (int i = from; i + part.size() <= source.size(); i++) {
            if (source.subList(i, i + part.size()).equals(part)) {
                return i;
            }
        }
        return -1;
    }

    /** Where it stands and its first lines, for a failure message. */
    String describe() {
        List<String> first = parts.isEmpty() ? List.of("(empty)") : parts.get(0).subList(0,
                Math.min(3, parts.get(0).size()));
        return document + ":" + line + ": " + String.join(" / ", first);
    }
}
