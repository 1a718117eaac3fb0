package io.clusterboot.internal.jarmode;

import java.util.ArrayList;
import java.util.List;

/**
 * The control command's command line, checked: a wrong one fails with
 * {@link ExitStatus#USAGE} and a message that says what is wrong, before any master is
 * looked for.
 *
 * @param command the command: {@code status}, {@code reload}, {@code scale},
 * {@code upgrade}, {@code stop} or {@code help}
 * @param pid the master asked for with {@code --pid}, or {@code null}
 * @param json whether {@code status} prints JSON
 * @param waitFor whether {@code reload} or {@code upgrade} follows what it started
 * @param workers the number of workers {@code scale} asks for, else 0
 * @author ClusterBoot team
 */
record Arguments(String command, Long pid, boolean json, boolean waitFor, int workers) {

	/**
	 * Reads a command line.
	 * @param args the command line
	 * @return what it asks for
	 * @throws CommandFailedException with {@link ExitStatus#USAGE} if it is wrong
	 */
	static Arguments parse(List<String> args) throws CommandFailedException {
		List<String> positional = new ArrayList<>();
		Long pid = null;
		boolean json = false;
		boolean waitFor = false;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			switch (arg) {
				case "--json" -> json = true;
				case "--wait" -> waitFor = true;
				case "--pid" -> pid = number(arg, (i + 1 < args.size()) ? args.get(++i) : null);
				case "-h", "--help" -> positional.add(0, "help");
				default -> {
					if (arg.startsWith("-")) {
						throw usage("Unknown option '" + arg + "'");
					}
					positional.add(arg);
				}
			}
		}
		if (positional.isEmpty()) {
			throw usage("No command given");
		}
		String command = positional.get(0);
		List<String> operands = positional.subList(1, positional.size());
		switch (command) {
			case "help" -> {
				return new Arguments(command, null, false, false, 0);
			}
			case "status", "reload", "upgrade", "stop" -> {
				if (!operands.isEmpty()) {
					throw usage("'" + command + "' takes no operand, got " + operands);
				}
			}
			case "scale" -> {
				if (operands.size() != 1) {
					throw usage("'scale' takes the number of workers");
				}
			}
			default -> throw usage("Unknown command '" + command + "'");
		}
		if (json && !command.equals("status")
				|| waitFor && !command.equals("reload") && !command.equals("upgrade")) {
			throw usage((json ? "--json" : "--wait") + " does not apply to '" + command + "'");
		}
		int workers = command.equals("scale") ? Math.toIntExact(number("scale", operands.get(0))) : 0;
		return new Arguments(command, pid, json, waitFor, workers);
	}

	private static long number(String what, String text) throws CommandFailedException {
		try {
			long value = Long.parseLong((text != null) ? text : "");
			if (value < 1 || value > Integer.MAX_VALUE) {
				throw usage(what + " takes a number from 1 to " + Integer.MAX_VALUE + ", got " + text);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw usage(what + " takes a number, got " + ((text != null) ? "'" + text + "'" : "nothing"));
		}
	}

	private static CommandFailedException usage(String message) {
		return new CommandFailedException(ExitStatus.USAGE, "Usage error: " + message);
	}

}
