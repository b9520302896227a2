package org.schedproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code schedproof} command: one subcommand per job. */
@Command(name = "schedproof", mixinStandardHelpOptions = true, version = "schedproof 0.1.0",
        description = "Executable specification, proof kit and conformance harness for LLM-serving schedulers.",
        subcommands = {SimulateCommand.class, CompareCommand.class, CheckCommand.class, BenchCommand.class,
                CertifyCommand.class, FuzzCommand.class, ReplayCommand.class, MinimizeCommand.class,
                ReproduceCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status: 0 ok, 1 violations found, 2 bad input or usage. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
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
