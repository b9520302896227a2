package org.schedproof.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code schedproof} command: one subcommand per job. */
@Command(name = "schedproof", mixinStandardHelpOptions = true, version = "schedproof 0.1.0",
        description = "Executable specification, proof kit and conformance harness for LLM-serving schedulers.")
public final class Main implements Runnable {
    /** Every subcommand, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(SimulateCommand.class, CompareCommand.class, CheckCommand.class,
            BenchCommand.class, CertifyCommand.class, FuzzCommand.class, ReplayCommand.class, MinimizeCommand.class,
            ReproduceCommand.class, ReportCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status: 0 ok, 1 violations found, 2 bad input or usage. */
    public static int execute(String... args) {
        // picocli's default factory otherwise looks for Groovy in every jar on the class path, at each start
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(new Main());
        // picocli reads a subcommand's annotations when it is added (a fifth of a short run's start): a job's
        // subcommand is added alone, and every one for anything else (usage, help, a typo)
        List<Class<?>> named = args.length == 0 ? List.of() : COMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class)
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).toList();
        for (Class<?> command : named.isEmpty() ? COMMANDS : named) {
            cli.addSubcommand(command);
        }
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("schedproof: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
