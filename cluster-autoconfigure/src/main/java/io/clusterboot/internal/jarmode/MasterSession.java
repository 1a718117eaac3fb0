package io.clusterboot.internal.jarmode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.Map;

import io.clusterboot.internal.ipc.CommandSession;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.ipc.MasterDirectories;
import io.clusterboot.internal.ipc.MasterDirectory;
import io.clusterboot.status.ClusterStatus;

/**
 * The control command's connection to one master: a {@link CommandSession} with the
 * token it reads from the master's private directory, which only the master's user can,
 * whose failures, and answers this command does not understand, become the command's
 * exit statuses.
 *
 * @author ClusterBoot team
 */
final class MasterSession implements Closeable {

	private final long pid;

	private final CommandSession session;

	private MasterSession(long pid, CommandSession session) {
		this.pid = pid;
		this.session = session;
	}

	/**
	 * Connects to the master of a directory and says hello.
	 * @param directory the master's directory
	 * @param timeout how long to wait for each reply
	 * @return the session, once the master accepted it
	 * @throws CommandFailedException if the master cannot be reached or refuses the
	 * command
	 */
	static MasterSession open(MasterDirectory directory, Duration timeout) throws CommandFailedException {
		long pid = directory.master().pid();
		String token;
		try {
			token = MasterDirectories.readToken(directory.socket());
		}
		catch (AccessDeniedException ex) {
			throw new CommandFailedException(ExitStatus.ACCESS_DENIED, "Cannot read the token of the master (pid "
					+ pid + ") in " + directory.directory() + ": only user '" + directory.owner() + "' may control it");
		}
		catch (IOException ex) {
			throw new CommandFailedException(ExitStatus.NOT_RUNNING,
					"The master (pid " + pid + ") is gone: " + ex.getMessage());
		}
		MasterSession session;
		try {
			session = new MasterSession(pid, CommandSession.connect(directory.socket(), token, timeout));
		}
		catch (IOException ex) {
			throw new CommandFailedException(ExitStatus.NOT_RUNNING, "The master (pid " + pid
					+ ") does not accept connections on " + directory.socket() + " (" + ex.getMessage() + ")");
		}
		Map<String, Object> accepted;
		try {
			accepted = session.session.hello();
		}
		catch (IOException ex) {
			session.close();
			throw session.failed(ex);
		}
		Object rejected = accepted.get(ControlMessage.REJECTED);
		if (rejected != null) {
			session.close();
			throw new CommandFailedException(ExitStatus.INCOMPATIBLE, rejected.toString());
		}
		return session;
	}

	/**
	 * Returns the pid of the master.
	 * @return the pid
	 */
	long pid() {
		return this.pid;
	}

	/**
	 * Sends a request and waits for its reply.
	 * @param type the request's type
	 * @param namesAndValues its values, names and values alternating
	 * @return the body of the reply
	 * @throws CommandFailedException if the master does not answer in time or goes away
	 */
	Map<String, Object> request(String type, Object... namesAndValues) throws CommandFailedException {
		try {
			return this.session.request(type, namesAndValues);
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	/**
	 * Asks the master for the cluster's status.
	 * @return the status
	 * @throws CommandFailedException if the master does not answer in time, goes away,
	 * or answers what this command does not understand
	 */
	ClusterStatus status() throws CommandFailedException {
		return read(request(ControlMessage.STATUS), ClusterStatus.class);
	}

	/**
	 * Reads the body of a master's reply as a record.
	 * @param <R> the record's type
	 * @param body the body
	 * @param type the record's type
	 * @return the record
	 * @throws CommandFailedException with {@link ExitStatus#INCOMPATIBLE} if the body is
	 * not what this command understands
	 */
	static <R extends Record> R read(Object body, Class<R> type) throws CommandFailedException {
		try {
			return ControlRecords.fromValue(body, type);
		}
		catch (MalformedMessageException ex) {
			throw new CommandFailedException(ExitStatus.INCOMPATIBLE,
					"The master's answer is not what this version of the command understands: " + ex.getMessage());
		}
	}

	private CommandFailedException failed(IOException ex) {
		return new CommandFailedException(ExitStatus.FAILED, "The master (pid " + this.pid + ") " + ex.getMessage());
	}

	@Override
	public void close() {
		this.session.close();
	}

}
