package org.collab4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import org.collab4j.options.NumberOptions;
import org.collab4j.options.UsageErrors;
import org.collab4j.data.DataFormatException;
import org.collab4j.model.CorruptModelException;
import org.collab4j.algo.dotbias.DotBiasWarmup;
import org.collab4j.algo.dotbias.SgdWarmup;
import org.collab4j.algo.nn.KernelWarmup;
import org.collab4j.train.Warmup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code collab4j} command. */
@Command(name = "collab4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Collaborative filtering for the JVM: train latent-factor models on rating logs, "
                + "evaluate them, and recommend.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order {@code --help} lists them; each is named by its own
     * {@code @Command}. They are registered here rather than in the annotation so that a run
     * builds the model of the one it uses ({@link #commandLine(String[])}).
     */
    private static final List<Class<?>> COMMANDS = List.of(
            DatasetsCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            RecommendCommand.class,
            SimilarCommand.class,
            IndexCommand.class,
            ShelvesCommand.class,
            PredictCommand.class,
            InterpretCommand.class,
            LrFindCommand.class,
            ExportCommand.class,
            ColdstartCommand.class,
            SimulateCommand.class,
            OnboardCommand.class,
            ServeCommand.class,
            CvCommand.class,
            TuneCommand.class,
            ModelsCommand.class,
            SparkCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try 'collab4j --help')");
    }

    /**
     * The warm-up that {@link #main} starts for {@code train --model nn} ({@link KernelWarmup}), for
     * {@code dot-bias} with Adam ({@link DotBiasWarmup}) or with per-rating SGD ({@link SgdWarmup})
     * before anything else, so that it overlaps the parsing of the command line and the loading of
     * the data; {@link TrainCommand} stops it when training begins. It never changes a number;
     * {@code -Dcollab4j.warmup=false} (in {@code COLLAB4J_JAVA_OPTS}) leaves it out, to compare.
     */
    private static Warmup warmup = Warmup.NONE;

    public static void main(String[] args) {
        if (!"false".equals(System.getProperty("collab4j.warmup"))) {
            if (trainsNn(args)) warmup = KernelWarmup.start();
            else if (trainsDotBiasWithAdam(args)) warmup = DotBiasWarmup.start();
            else if (sgdFactors(args) > 0) warmup = SgdWarmup.start(sgdFactors(args));
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Whether the arguments train the {@code nn} model ({@code train ... --model nn} or
     * {@code --model=nn}), read without the parser, as the launcher does to switch on the Vector API.
     */
    static boolean trainsNn(String[] args) {
        if (args.length == 0 || !args[0].equals("train")) return false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--model=nn")) return true;
            if (args[i].equals("--model") && i + 1 < args.length && args[i + 1].equals("nn")) return true;
        }
        return false;
    }

    /**
     * The factors of a {@code dot-bias} model the arguments train with {@code --optimizer sgd}
     * (50 when {@code --factors} is not given, or not a number the warm-up can use), or -1 when
     * they train something else; read without the parser like {@link #trainsNn}.
     */
    static int sgdFactors(String[] args) {
        if (args.length == 0 || !args[0].equals("train")) return -1;
        boolean sgd = false;
        int factors = 50;
        for (int i = 1; i < args.length; i++) {
            String a = args[i], next = i + 1 < args.length ? args[i + 1] : "";
            if (a.startsWith("--model=") && !a.equals("--model=dot-bias")) return -1;
            if (a.equals("--model") && !next.equals("dot-bias")) return -1;
            if (a.equals("--optimizer=sgd") || a.equals("--optimizer") && next.equals("sgd")) sgd = true;
            String value = a.startsWith("--factors=") ? a.substring("--factors=".length()) : a.equals("--factors") ? next : null;
            if (value != null) {
                try {
                    factors = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    return -1; // the parser will say what is wrong
                }
            }
        }
        return sgd && factors > 0 && factors <= 1024 ? factors : -1;
    }

    /**
     * Whether the arguments train {@code dot-bias} (the default model) with Adam (not
     * {@code --optimizer sgd}), read without the parser like {@link #trainsNn}.
     */
    static boolean trainsDotBiasWithAdam(String[] args) {
        if (args.length == 0 || !args[0].equals("train")) return false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i], next = i + 1 < args.length ? args[i + 1] : "";
            if (a.startsWith("--model=") && !a.equals("--model=dot-bias")) return false;
            if (a.equals("--model") && !next.equals("dot-bias")) return false;
            if (a.equals("--optimizer=sgd") || a.equals("--optimizer") && next.equals("sgd")) return false;
        }
        return true;
    }

    /** The warm-up {@link #main} started (or {@link Warmup#NONE}), handed over once. */
    static synchronized Warmup takeWarmup() {
        Warmup w = warmup;
        warmup = Warmup.NONE;
        return w;
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The command line with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for these arguments. When they start with a subcommand's name or alias
     * (other than {@code help}) it has only that subcommand: picocli reads the annotations of
     * every subcommand it is given, which is most of the start-up time, and a run uses one. A lone
     * {@code --version} or {@code -V} needs none. Anything else (no arguments, {@code --help},
     * {@code help}, an unknown word, an option) gets them all, so that the listing, help and
     * suggestions are the whole command's.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        boolean version = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        Class<?> named = args.length == 0 ? null : commandNamed(args[0]);
        if (!version)
            for (Class<?> c : COMMANDS)
                if (named == null || named == c) cl.addSubcommand(c.getAnnotation(Command.class).name(), c);
        // the settings below reach the subcommands registered at this point, so they come after
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        NumberOptions.register(cl);
        // the commands that train list every model's own options under their help, from the specs
        for (CommandLine sub : cl.getSubcommands().values())
            if (sub.getCommandSpec().findOption("--set") != null)
                sub.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> ModelsCommand.optionKeys());
        return cl;
    }

    /** The subcommand with this name or alias, or null (also for {@code help}, which needs the others). */
    private static Class<?> commandNamed(String word) {
        for (Class<?> c : COMMANDS) {
            if (c == CommandLine.HelpCommand.class) continue;
            Command a = c.getAnnotation(Command.class);
            if (a.name().equals(word) || List.of(a.aliases()).contains(word)) return c;
        }
        return null;
    }

    /**
     * Errors a person can act on are one message and exit code 1; stack traces only with --verbose.
     * Under --json stdout also gets {@code {"error": {"message": ..., "file": ..., "line": ...}}}.
     */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.hasMatchedOption("--verbose") || subHas(parsed, "--verbose");
        PrintWriter err = cl.getErr();
        err.println("collab4j: error: " + message(e));
        if (verbose) e.printStackTrace(err);
        else if (!isExpected(e)) err.println("(run again with --verbose for the stack trace)");
        err.flush();
        if (parsed.hasMatchedOption("--json") || subHas(parsed, "--json")) printJsonError(cl.getOut(), e, message(e), null);
        return 1;
    }

    /** A bad option: the message and where to find help, not the whole usage text. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = UsageErrors.print(e);
        if (asksForJson(args)) {
            String option = e.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? o.longestName() : null;
            printJsonError(cl.getOut(), e, message, option);
        }
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Whether {@code --json} is among the options (before a {@code --} that ends them). */
    static boolean asksForJson(String[] args) {
        for (String a : args) {
            if (a.equals("--")) return false;
            if (a.equals("--json")) return true;
        }
        return false;
    }

    /** What --json prints on stdout for a failure: the message, and the file and line when the input is at fault. */
    record JsonError(String message, String file, Long line, String option) {
    }

    static JsonError jsonError(Throwable e, String message, String option) {
        String file = null;
        Long line = null;
        if (e instanceof DataFormatException d) {
            file = d.file();
            if (d.line() > 0) line = d.line();
        } else if (e instanceof UncheckedIOException && e.getCause() instanceof NoSuchFileException n) {
            file = n.getFile();
        } else if (e instanceof NoSuchFileException n) {
            file = n.getFile();
        }
        return new JsonError(message, file, line, option);
    }

    private static void printJsonError(PrintWriter out, Throwable e, String message, String option) {
        JsonError j = jsonError(e, message, option);
        var root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        var error = root.putObject("error");
        error.put("message", j.message());
        if (j.file() != null) error.put("file", j.file());
        if (j.line() != null) error.put("line", j.line());
        if (j.option() != null) error.put("option", j.option());
        out.println(Console.toJson(root));
        out.flush();
    }

    private static boolean subHas(CommandLine.ParseResult p, String opt) {
        for (CommandLine.ParseResult r = p; r != null; r = r.subcommand()) if (r.hasMatchedOption(opt)) return true;
        return false;
    }

    private static boolean isExpected(Throwable e) {
        return e instanceof DataFormatException || e instanceof org.collab4j.data.DatasetUnavailableException || e instanceof CorruptModelException || e instanceof IllegalArgumentException
                || e instanceof NoSuchFileException || e instanceof UserException || e instanceof IOException
                || e instanceof UncheckedIOException || e instanceof UnsupportedOperationException;
    }

    static String message(Throwable e) {
        if (e instanceof UncheckedIOException && e.getCause() != null) e = e.getCause();
        if (e instanceof NoSuchFileException) {
            NoSuchFileException n = (NoSuchFileException) e;
            return (n.getReason() != null ? n.getReason() : "no such file") + ": " + n.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + e.getMessage();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /**
     * The project's version, set once in the Maven POM: Maven writes it into {@code version.txt}
     * beside this class (resource filtering) and into the jar manifest's Implementation-Version.
     */
    static String version() {
        try (var in = Main.class.getResourceAsStream("version.txt")) {
            if (in != null) {
                String v = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                if (!v.isEmpty() && !v.startsWith("${")) return v;
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown (not built by Maven)";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"collab4j " + version() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
