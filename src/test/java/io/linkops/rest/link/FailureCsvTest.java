package io.linkops.rest.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.domain.FailedItemRow;
import io.linkops.domain.FailureReason;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FailureCsvTest {

    private static final UUID USER = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Test
    void plainCellsStayAsTheyAre() {
        assertEquals(USER + ",patient-1,user_not_found,The user does not exist in this team.\r\n",
                FailureCsv.line(new FailedItemRow(USER, "patient-1", FailureReason.user_not_found,
                        "The user does not exist in this team.")));
    }

    @Test
    void aMissingClientUserIdOrMessageIsAnEmptyCell() {
        assertEquals(USER + ",,unknown,\r\n", FailureCsv.line(new FailedItemRow(USER, null, FailureReason.unknown,
                null)));
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertEquals("\"a,b\"", FailureCsv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", FailureCsv.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", FailureCsv.cell("two\nlines"));
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", FailureCsv.cell("=HYPERLINK(\"x\")"));
        assertEquals("'+1", FailureCsv.cell("+1"));
        assertEquals("'-2", FailureCsv.cell("-2"));
        assertEquals("'@SUM(A1)", FailureCsv.cell("@SUM(A1)"));
        assertEquals("\"'=1,2\"", FailureCsv.cell("=1,2"));
    }
}
