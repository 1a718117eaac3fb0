package io.clusterboot.internal.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Found;

/**
 * Every session of a store as a run of frames of the session protocol: a
 * {@link Found} per session, then {@link SessionReply#DONE}, each with the id of the
 * request that asked for them. A master hands its sessions to the master that replaces it
 * this way ({@link SessionRequest.HandOver}), and the file a stopped master leaves holds
 * the same run ({@link SessionFile}).
 *
 * @author ClusterBoot team
 */
final class SessionStream {

	/**
	 * The largest session a run may carry: the largest
	 * {@code cluster.sessions.max-session-size}. A store that keeps less leaves larger
	 * ones out ({@link SessionStore#restore}).
	 */
	static final int MAX_SESSION_BYTES = 16 * 1024 * 1024;

	private static final int FRAMES_PER_WRITE = 256;

	private SessionStream() {
	}

	/**
	 * Writes sessions, then the end of the run.
	 * @param channel where to write
	 * @param id the id of the request that asked for them
	 * @param sessions the sessions
	 * @throws IOException if they cannot be written
	 */
	static void write(FrameChannel channel, long id, Collection<StoredSession> sessions) throws IOException {
		List<ByteBuffer> frames = new ArrayList<>(FRAMES_PER_WRITE);
		for (StoredSession session : sessions) {
			frames.add(SessionProtocol.encode(id, new Found(session)));
			if (frames.size() == FRAMES_PER_WRITE) {
				channel.write(frames);
				frames.clear();
			}
		}
		frames.add(SessionProtocol.encode(id, SessionReply.DONE));
		channel.write(frames);
	}

	/**
	 * Reads a run of sessions to its end.
	 * @param channel where to read
	 * @param id the id of the request that asked for them
	 * @param sessions takes each session as it arrives
	 * @return how many sessions the run held
	 * @throws MalformedMessageException if a frame is not part of such a run
	 * @throws IOException if the run cannot be read to its end
	 */
	static int read(FrameChannel channel, long id, Consumer<StoredSession> sessions) throws IOException {
		int maxFrameBytes = SessionProtocol.maxFrameBytes(MAX_SESSION_BYTES);
		for (int count = 0;; count++) {
			Numbered<SessionReply> frame = SessionProtocol.decodeReply(channel.read(maxFrameBytes));
			if (frame.id() != id) {
				throw new MalformedMessageException("A frame of request " + frame.id() + " in a run of sessions", null);
			}
			if (frame.message() == SessionReply.DONE) {
				return count;
			}
			if (!(frame.message() instanceof Found found)) {
				throw new MalformedMessageException("A " + frame.message() + " in a run of sessions", null);
			}
			sessions.accept(found.session());
		}
	}

}
