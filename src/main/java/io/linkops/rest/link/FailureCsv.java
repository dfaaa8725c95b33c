package io.linkops.rest.link;

import io.linkops.domain.FailedItemRow;

/**
 * The lines of {@code failures.csv} (RFC 4180). A cell a spreadsheet would run as a formula (it starts with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return; client user ids are the client's own text)
 * gets a leading apostrophe, as OWASP advises for CSV downloads.
 */
final class FailureCsv {

    static final String HEADER = "user_id,client_user_id,error_type,error_message\r\n";

    private FailureCsv() {
    }

    static String line(FailedItemRow row) {
        return String.join(",", String.valueOf(row.userId()), cell(row.clientUserId()), row.reason().name(),
                cell(row.message())) + "\r\n";
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quoted = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quoted ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
