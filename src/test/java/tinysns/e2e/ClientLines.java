package tinysns.e2e;

import java.util.regex.Pattern;

/** tsc's exact lines (docs/CONTRACT.md section 5) as the end-to-end tests wait for them. */
final class ClientLines {

    static final Pattern SUCCESS = Pattern.compile("Command completed successfully$");

    private ClientLines() {
    }

    /** The whole line, after the prompt that may stand before it (tsc prints "Cmd> " without ending the line). */
    static Pattern exactly(String line) {
        return Pattern.compile("^(Cmd> )?" + Pattern.quote(line) + "$");
    }
}
