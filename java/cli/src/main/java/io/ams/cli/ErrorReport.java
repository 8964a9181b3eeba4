package io.ams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * The one place where a command's failure is printed. As text: {@code error: WHAT} on stderr,
 * then each hint on a line of its own. With {@code --json}: one JSON object on stdout,
 * {@code {"error": "WHAT", "hint": "HINT; HINT"}} ("hint" only when there is one), and nothing on
 * stderr, so that a program reading the command's stdout gets JSON whether it worked or not.
 * The exit code is the caller's, the same either way.
 */
final class ErrorReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_FLAG = "--json";

    private ErrorReport() {}

    static void print(CommandLine command, boolean json, String error, List<String> hints) {
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("error", error);
            if (!hints.isEmpty()) o.put("hint", String.join("; ", hints));
            PrintWriter out = command.getOut();
            out.println(o.toString());
            out.flush();
        } else {
            PrintWriter err = command.getErr();
            err.println("error: " + error);
            hints.forEach(err::println);
            err.flush();
        }
    }

    /**
     * Whether a command line that failed to parse asked for JSON: the command has a
     * {@code --json} option and the arguments give it (before a {@code --}, after which an
     * argument is a value, never an option). From the raw arguments, because a parse that failed
     * may not have reached the flag.
     */
    static boolean jsonRequested(CommandLine command, String[] args) {
        if (command.getCommandSpec().findOption(JSON_FLAG) == null) return false;
        for (String arg : args) {
            if (arg.equals("--")) return false;
            if (arg.equals(JSON_FLAG)) return true;
        }
        return false;
    }

    /** Whether the command that ran was given {@code --json} (for export, the output format). */
    static boolean jsonRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.subcommand() == null) return p.hasMatchedOption(JSON_FLAG);
        }
        return false;
    }
}
