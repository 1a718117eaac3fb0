package io.clusterboot.internal.session;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Map;

import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.session.SessionReply.Found;
import io.clusterboot.internal.session.SessionReply.Moved;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Delete;
import io.clusterboot.internal.session.SessionRequest.Find;
import io.clusterboot.internal.session.SessionRequest.HandOver;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.session.SessionRequest.Save;

/**
 * How requests and replies of the session store travel: binary frames, not the control
 * channel's JSON, since attributes are bytes and a session may be large. A frame is a
 * four-byte big-endian length, then the request's id (eight bytes, which its reply
 * repeats, so that a worker's threads share one connection), a type byte and the
 * message. Strings are a length and UTF-8, byte arrays a length and bytes, instants and
 * durations their seconds and nanoseconds.
 * <p>
 * Decoding trusts nothing: a length or a count beyond what the frame holds, an unknown
 * type or a byte left over makes the frame malformed, before anything is allocated for
 * it.
 *
 * @author ClusterBoot team
 */
final class SessionProtocol {

	/**
	 * The version of this protocol; a worker of another is turned away at its hello.
	 */
	static final int VERSION = 2;

	/**
	 * The id of a reply that answers no request: a notice of new terms
	 * ({@link Welcome}). Requests count from 1.
	 */
	static final long NOTICE_ID = 0;

	/**
	 * The largest frame before a connection is authenticated: room for a hello.
	 */
	static final int MAX_HELLO_BYTES = 1024;

	/**
	 * What a frame may hold beyond a session of the largest size: its header, the names
	 * of removed attributes.
	 */
	static final int FRAME_OVERHEAD = 64 * 1024;

	private static final byte HELLO = 1;

	private static final byte FIND = 2;

	private static final byte SAVE = 3;

	private static final byte DELETE = 4;

	private static final byte HAND_OVER = 5;

	private static final byte WELCOME = 1;

	private static final byte FOUND = 2;

	private static final byte ABSENT = 3;

	private static final byte DONE = 4;

	private static final byte TOO_LARGE = 5;

	private static final byte REJECTED = 6;

	private static final byte MOVED = 7;

	/**
	 * Bytes of a session's encoding besides its id and attributes: three times, the
	 * attribute count.
	 */
	private static final int SESSION_FIXED_BYTES = 3 * 12 + 4;

	private SessionProtocol() {
	}

	/**
	 * Returns the largest frame a connection carries once authenticated.
	 * @param maxSessionBytes the largest session the store keeps
	 * @return the largest frame's length, without its length prefix
	 */
	static int maxFrameBytes(int maxSessionBytes) {
		return (int) Math.min(Integer.MAX_VALUE - 8, (long) maxSessionBytes + FRAME_OVERHEAD);
	}

	/**
	 * Returns a session's size: the length of its encoding, which is what the store
	 * counts against its limits.
	 * @param session the session
	 * @return the size in bytes
	 */
	static long size(StoredSession session) {
		long size = SESSION_FIXED_BYTES + 4 + utf8Length(session.id());
		for (Map.Entry<String, byte[]> attribute : session.attributes().entrySet()) {
			size += 8 + utf8Length(attribute.getKey()) + attribute.getValue().length;
		}
		return size;
	}

	/**
	 * Encodes a request into a frame.
	 * @param id the request's id
	 * @param request the request
	 * @return the frame, with its length prefix, ready to write
	 */
	static ByteBuffer encode(long id, SessionRequest request) {
		FrameOutput output = new FrameOutput(id);
		if (request instanceof Hello hello) {
			output.type(HELLO).integer(hello.protocol()).string(hello.token());
		}
		else if (request instanceof Find find) {
			output.type(FIND).string(find.id());
		}
		else if (request instanceof Save save) {
			output.type(SAVE).bool(save.confirm()).change(save.change());
		}
		else if (request instanceof Delete delete) {
			output.type(DELETE).string(delete.id());
		}
		else if (request instanceof HandOver) {
			output.type(HAND_OVER);
		}
		return output.frame();
	}

	/**
	 * Encodes a reply into a frame.
	 * @param id the id of the request it answers
	 * @param reply the reply
	 * @return the frame, with its length prefix, ready to write
	 */
	static ByteBuffer encode(long id, SessionReply reply) {
		FrameOutput output = new FrameOutput(id);
		if (reply instanceof Welcome welcome) {
			output.type(WELCOME).integer(welcome.maxSessionBytes()).bool(welcome.confirmSaves());
		}
		else if (reply instanceof Found found) {
			output.type(FOUND).session(found.session());
		}
		else if (reply instanceof TooLarge tooLarge) {
			output.type(TOO_LARGE).number(tooLarge.size()).integer(tooLarge.limit());
		}
		else if (reply instanceof Rejected rejected) {
			output.type(REJECTED).string(rejected.reason());
		}
		else if (reply instanceof Moved) {
			output.type(MOVED);
		}
		else {
			output.type((reply == SessionReply.DONE) ? DONE : ABSENT);
		}
		return output.frame();
	}

	/**
	 * Decodes a request from a frame read without its length prefix.
	 * @param frame the frame
	 * @return the request and its id
	 * @throws MalformedMessageException if the frame is not a valid request
	 */
	static Numbered<SessionRequest> decodeRequest(ByteBuffer frame) throws MalformedMessageException {
		return decode(frame, "request", (type, input) -> switch (type) {
			case HELLO -> new Hello(input.integer(), input.string());
			case FIND -> new Find(input.string());
			case SAVE -> {
				boolean confirm = input.bool();
				yield new Save(input.change(), confirm);
			}
			case DELETE -> new Delete(input.string());
			case HAND_OVER -> new HandOver();
			default -> throw new MalformedMessageException("Unknown request type " + type, null);
		});
	}

	/**
	 * Decodes a reply from a frame read without its length prefix.
	 * @param frame the frame
	 * @return the reply and the id of the request it answers
	 * @throws MalformedMessageException if the frame is not a valid reply
	 */
	static Numbered<SessionReply> decodeReply(ByteBuffer frame) throws MalformedMessageException {
		return decode(frame, "reply", (type, input) -> switch (type) {
			case WELCOME -> new Welcome(input.integer(), input.bool());
			case FOUND -> new Found(input.session());
			case ABSENT -> SessionReply.ABSENT;
			case DONE -> SessionReply.DONE;
			case TOO_LARGE -> new TooLarge(input.number(), input.integer());
			case REJECTED -> new Rejected(input.string());
			case MOVED -> SessionReply.MOVED;
			default -> throw new MalformedMessageException("Unknown reply type " + type, null);
		});
	}

	private static <T> Numbered<T> decode(ByteBuffer frame, String kind, Decoder<T> decoder)
			throws MalformedMessageException {
		FrameInput input = new FrameInput(frame);
		try {
			long id = input.number();
			T message = decoder.decode(input.type(), input);
			return input.end(new Numbered<>(id, message));
		}
		catch (BufferUnderflowException | DateTimeException | ArithmeticException ex) {
			throw new MalformedMessageException("Truncated or invalid " + kind, ex);
		}
	}

	private static int utf8Length(String string) {
		return string.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * Decodes the message of a frame by its type.
	 *
	 * @param <T> the message's type
	 */
	private interface Decoder<T> {

		T decode(byte type, FrameInput input) throws MalformedMessageException;

	}

	/**
	 * A request or a reply, and the request's id.
	 *
	 * @param <T> the message's type
	 * @param id the request's id
	 * @param message the message
	 */
	record Numbered<T>(long id, T message) {
	}

}
