package org.counterpart.shared;

import java.util.Arrays;

/**
 * A file refused as a whole before (or while) its rows are read: the wrong type, a header without a
 * required column, bytes that are not what the name says. Like {@link InvalidInputException} it
 * carries a message key and arguments; the first argument is always the file name.
 */
public class TabularFileException extends RuntimeException {

    private final String fileName;
    private final String messageKey;
    private final transient Object[] arguments;

    public TabularFileException(String fileName, String messageKey, Object... details) {
        this(null, fileName, messageKey, details);
    }

    public TabularFileException(Throwable cause, String fileName, String messageKey, Object... details) {
        super(fileName + ": " + messageKey + " " + Arrays.toString(details), cause);
        this.fileName = fileName;
        this.messageKey = messageKey;
        this.arguments = new Object[details.length + 1];
        this.arguments[0] = fileName;
        System.arraycopy(details, 0, this.arguments, 1, details.length);
    }

    static TabularFileException unsupportedType(String fileName) {
        return new TabularFileException(fileName, "tabular.unsupportedType");
    }

    static TabularFileException missingColumns(String fileName, String headers) {
        return new TabularFileException(fileName, "tabular.missingColumns", headers);
    }

    static TabularFileException duplicateColumn(String fileName, String header) {
        return new TabularFileException(fileName, "tabular.duplicateColumn", header);
    }

    static TabularFileException noHeader(String fileName) {
        return new TabularFileException(fileName, "tabular.noHeader");
    }

    static TabularFileException unreadable(String fileName, String reason, Throwable cause) {
        return new TabularFileException(cause, fileName, "tabular.unreadable", reason);
    }

    public String fileName() {
        return fileName;
    }

    public String messageKey() {
        return messageKey;
    }

    /** The message arguments: {@code {0}} is the file name, the rest depend on the key. */
    public Object[] arguments() {
        return arguments.clone();
    }
}
