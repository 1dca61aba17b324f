package org.counterpart.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messages in both languages: the same keys in each, and no single apostrophe in a message with
 * arguments, where MessageFormat would take it as the start of a quote and print "{0}" instead of the value
 * (a page once read "Reviewers comment: {0}").
 */
class MessagesTest {

    static final Path EN = Path.of("src/main/resources/messages.properties");
    static final Path ZH = Path.of("src/main/resources/messages_zh_CN.properties");
    static final Pattern ARGUMENT = Pattern.compile("\\{\\d");
    static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        Properties en = load(EN);
        Properties zh = load(ZH);
        TreeSet<String> onlyEn = new TreeSet<>(en.stringPropertyNames());
        onlyEn.removeAll(zh.stringPropertyNames());
        TreeSet<String> onlyZh = new TreeSet<>(zh.stringPropertyNames());
        onlyZh.removeAll(en.stringPropertyNames());
        assertThat(onlyEn).as("keys without a Chinese message").isEmpty();
        assertThat(onlyZh).as("keys without an English message").isEmpty();
    }

    @Test
    void noMessageWithArgumentsHasALoneApostrophe() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : List.of(EN, ZH)) {
            Properties p = load(file);
            for (String key : p.stringPropertyNames()) {
                String text = p.getProperty(key);
                if (ARGUMENT.matcher(text).find() && LONE_APOSTROPHE.matcher(text).find()) {
                    broken.add(file.getFileName() + ": " + key + "=" + text);
                }
            }
        }
        assertThat(broken).as("write ’ or '' in a message with arguments").isEmpty();
    }
}
