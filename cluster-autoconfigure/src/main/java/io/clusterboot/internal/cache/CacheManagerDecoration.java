package io.clusterboot.internal.cache;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Decorates a cache manager so that the caches it hands out are
 * {@link InvalidatingCache}s, each made once per cache. The decorated manager is a proxy
 * of the manager's own class where that is safe (a class that is not final and has no
 * public final method, which a subclass would run on an empty instance), so that the
 * application can still inject it as, say, a {@code CaffeineCacheManager}; otherwise it
 * is a proxy of the manager's interfaces. A cache that is already decorated (a
 * {@code CompositeCacheManager} over decorated managers) is handed out as it is.
 *
 * @author ClusterBoot team
 */
final class CacheManagerDecoration implements MethodInterceptor {

	private final String manager;

	private final Supplier<CacheInvalidations> invalidations;

	private final Map<String, InvalidatingCache> caches = new ConcurrentHashMap<>();

	private CacheManagerDecoration(String manager, Supplier<CacheInvalidations> invalidations) {
		this.manager = manager;
		this.invalidations = invalidations;
	}

	/**
	 * Decorates a cache manager.
	 * @param manager the application's cache manager
	 * @param beanName its bean name, by which the other workers find their own
	 * @param invalidations tells the other workers, looked up when a cache is first
	 * handed out
	 * @param classLoader defines the proxy's class
	 * @return the decorated manager
	 */
	static CacheManager decorate(CacheManager manager, String beanName, Supplier<CacheInvalidations> invalidations,
			ClassLoader classLoader) {
		ProxyFactory factory = new ProxyFactory(manager);
		factory.setProxyTargetClass(canSubclass(manager.getClass()));
		NameMatchMethodPointcutAdvisor getCache = new NameMatchMethodPointcutAdvisor(
				new CacheManagerDecoration(beanName, invalidations));
		getCache.setMappedName("getCache");
		factory.addAdvisor(getCache);
		return (CacheManager) factory.getProxy(classLoader);
	}

	private static boolean canSubclass(Class<?> type) {
		return !Modifier.isFinal(type.getModifiers()) && !Proxy.isProxyClass(type)
				&& Arrays.stream(type.getMethods()).noneMatch(CacheManagerDecoration::isFinalOutsideObject);
	}

	private static boolean isFinalOutsideObject(Method method) {
		return Modifier.isFinal(method.getModifiers()) && method.getDeclaringClass() != Object.class;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object cache = invocation.proceed();
		if (!(cache instanceof Cache target) || cache instanceof InvalidatingCache
				|| !(invocation.getArguments()[0] instanceof String name)) {
			return cache;
		}
		InvalidatingCache decorated = this.caches.get(name);
		if (decorated == null || decorated.target() != target) {
			decorated = new InvalidatingCache(target, this.manager, this.invalidations.get());
			this.caches.put(name, decorated);
		}
		return decorated;
	}

}
