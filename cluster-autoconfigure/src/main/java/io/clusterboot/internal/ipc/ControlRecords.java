package io.clusterboot.internal.ipc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns records into the values {@link ControlJson} writes, and back: a record becomes a
 * map of its components by name, a list a list, an enum its name, an {@link Instant} or
 * a {@link Duration} its ISO-8601 text, and text, numbers and booleans stay what they
 * are. So typed messages such as the cluster's status cross the control channel without
 * a codec of their own, and the master without Jackson.
 * <p>
 * Reading is strict: a value of the wrong type, an unknown enum constant or a missing
 * primitive raises {@link MalformedMessageException}; components that are missing and
 * not primitive read as {@code null}, and values the record has no component for are
 * ignored.
 *
 * @author ClusterBoot team
 */
public final class ControlRecords {

	private ControlRecords() {
	}

	/**
	 * Returns the value that stands for an object in a control message.
	 * @param object a record, list, enum, instant, duration, text, number, boolean or
	 * {@code null}
	 * @return its value
	 * @throws IllegalArgumentException for any other object
	 */
	public static Object toValue(Object object) {
		if (object instanceof Record record) {
			Map<String, Object> map = new LinkedHashMap<>();
			for (RecordComponent component : record.getClass().getRecordComponents()) {
				map.put(component.getName(), toValue(read(component, record)));
			}
			return map;
		}
		if (object instanceof List<?> list) {
			return list.stream().map(ControlRecords::toValue).toList();
		}
		if (object instanceof Enum<?> constant) {
			return constant.name();
		}
		if (object instanceof Instant || object instanceof Duration) {
			return object.toString();
		}
		if (object == null || object instanceof String || object instanceof Number || object instanceof Boolean) {
			return object;
		}
		throw new IllegalArgumentException("Cannot send a " + object.getClass().getName() + " on the control channel");
	}

	/**
	 * Reads a record from the value that stands for it.
	 * @param <R> the type of the record
	 * @param value the value, as {@link ControlJson} read it
	 * @param type the type of the record
	 * @return the record
	 * @throws MalformedMessageException if the value does not describe such a record
	 */
	public static <R extends Record> R fromValue(Object value, Class<R> type) throws MalformedMessageException {
		return type.cast(read(value, type, type.getSimpleName()));
	}

	private static Object read(Object value, Type type, String path) throws MalformedMessageException {
		Class<?> raw = rawType(type);
		if (value == null) {
			if (raw.isPrimitive()) {
				throw malformed(path, "is missing");
			}
			return null;
		}
		if (raw.isRecord()) {
			return readRecord(value, raw, path);
		}
		if (raw == List.class) {
			if (!(value instanceof List<?> list)) {
				throw malformed(path, "is not a list");
			}
			Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
			List<Object> elements = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				elements.add(read(list.get(i), element, path + "[" + i + "]"));
			}
			return List.copyOf(elements);
		}
		return readScalar(value, raw, path);
	}

	private static Object readRecord(Object value, Class<?> type, String path) throws MalformedMessageException {
		if (!(value instanceof Map<?, ?> map)) {
			throw malformed(path, "is not an object");
		}
		RecordComponent[] components = type.getRecordComponents();
		Object[] arguments = new Object[components.length];
		Class<?>[] types = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			RecordComponent component = components[i];
			arguments[i] = read(map.get(component.getName()), component.getGenericType(),
					path + "." + component.getName());
			types[i] = component.getType();
		}
		try {
			Constructor<?> constructor = type.getDeclaredConstructor(types);
			constructor.setAccessible(true);
			return constructor.newInstance(arguments);
		}
		catch (InvocationTargetException ex) {
			throw new MalformedMessageException(path + " is not valid: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create " + type.getName(), ex);
		}
	}

	private static Object readScalar(Object value, Class<?> type, String path) throws MalformedMessageException {
		if (type == String.class && value instanceof String) {
			return value;
		}
		if ((type == boolean.class || type == Boolean.class) && value instanceof Boolean) {
			return value;
		}
		if (value instanceof Number number) {
			if (type == int.class || type == Integer.class) {
				long whole = wholeNumber(number, path);
				if (whole != (int) whole) {
					throw malformed(path, "is out of range: " + whole);
				}
				return (int) whole;
			}
			if (type == long.class || type == Long.class) {
				return wholeNumber(number, path);
			}
			if (type == double.class || type == Double.class) {
				return number.doubleValue();
			}
		}
		if (value instanceof String text) {
			try {
				if (type == Instant.class) {
					return Instant.parse(text);
				}
				if (type == Duration.class) {
					return Duration.parse(text);
				}
				if (type.isEnum()) {
					return enumConstant(type, text);
				}
			}
			catch (DateTimeParseException | IllegalArgumentException ex) {
				throw malformed(path, "is not a valid " + type.getSimpleName() + ": '" + text + "'");
			}
		}
		throw malformed(path, "is not a " + type.getSimpleName());
	}

	private static long wholeNumber(Number number, String path) throws MalformedMessageException {
		if (number instanceof Double || number instanceof Float) {
			throw malformed(path, "is not a whole number");
		}
		return number.longValue();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object enumConstant(Class<?> type, String name) {
		return Enum.valueOf((Class<? extends Enum>) type, name);
	}

	private static Class<?> rawType(Type type) {
		return (type instanceof ParameterizedType parameterized) ? (Class<?>) parameterized.getRawType()
				: (Class<?>) type;
	}

	private static Object read(RecordComponent component, Record record) {
		try {
			Method accessor = component.getAccessor();
			accessor.setAccessible(true);
			return accessor.invoke(record);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read " + component, ex);
		}
	}

	private static MalformedMessageException malformed(String path, String problem) {
		return new MalformedMessageException(path + " " + problem, null);
	}

}
