package io.clusterboot.internal.cache;

import java.lang.reflect.Method;
import java.util.Collection;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.CachePutOperation;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.core.Ordered;

/**
 * Opens a {@link CacheFills} scope around each invocation of a method with cache
 * annotations, outside Spring's cache interceptor (it runs first), so that the puts of a
 * {@code @Cacheable} miss are known for fills.
 *
 * @author ClusterBoot team
 */
public class CacheFillAdvisor extends StaticMethodMatcherPointcutAdvisor {

	private final transient CacheOperationSource source;

	/**
	 * Creates the advisor.
	 * @param source the cache operations of the application's methods, as Spring's cache
	 * interceptor reads them
	 */
	public CacheFillAdvisor(CacheOperationSource source) {
		this.source = source;
		setClassFilter((type) -> !CacheManager.class.isAssignableFrom(type) && source.isCandidateClass(type));
		setAdvice((MethodInterceptor) this::invoke);
		setOrder(Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return this.source.hasCacheOperations(method, targetClass);
	}

	private Object invoke(MethodInvocation invocation) throws Throwable {
		Class<?> targetClass = (invocation.getThis() != null) ? AopProxyUtils.ultimateTargetClass(invocation.getThis())
				: invocation.getMethod().getDeclaringClass();
		Collection<CacheOperation> operations = this.source.getCacheOperations(invocation.getMethod(), targetClass);
		return CacheFills.within(fills(operations), invocation::proceed);
	}

	private static boolean fills(Collection<CacheOperation> operations) {
		return operations != null && operations.stream().anyMatch(CacheableOperation.class::isInstance)
				&& operations.stream().noneMatch(CachePutOperation.class::isInstance);
	}

}
