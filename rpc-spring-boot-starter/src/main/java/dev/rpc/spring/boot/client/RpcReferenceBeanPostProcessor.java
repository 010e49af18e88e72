package dev.rpc.spring.boot.client;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpc.spring.boot.annotation.RpcReference;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Injects client proxies into fields annotated with {@link RpcReference}, before the bean's other
 * properties are set. The fields of each class are found once.
 */
public class RpcReferenceBeanPostProcessor implements InstantiationAwareBeanPostProcessor, BeanFactoryAware {

    private final Map<Class<?>, List<Field>> fieldsByClass = new ConcurrentHashMap<>();

    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public PropertyValues postProcessProperties(PropertyValues values, Object bean, String beanName) throws BeansException {
        List<Field> fields = this.fieldsByClass.computeIfAbsent(bean.getClass(), RpcReferenceBeanPostProcessor::referenceFields);
        if (fields.isEmpty()) {
            return values;
        }
        RpcReferenceFactory factory = this.beanFactory.getBean(RpcReferenceFactory.class);
        for (Field field : fields) {
            if (Modifier.isStatic(field.getModifiers())) {
                throw new BeanCreationException(beanName, "@RpcReference is not supported on the static field "
                        + describe(field) + "; make it an instance field");
            }
            RpcReference reference = AnnotatedElementUtils.findMergedAnnotation(field, RpcReference.class);
            Object proxy = factory.getProxy(field.getType(), reference.service(), "the field " + describe(field));
            ReflectionUtils.makeAccessible(field);
            ReflectionUtils.setField(field, bean, proxy);
        }
        return values;
    }

    private static List<Field> referenceFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        ReflectionUtils.doWithFields(type, fields::add,
                field -> AnnotatedElementUtils.hasAnnotation(field, RpcReference.class));
        return List.copyOf(fields);
    }

    private static String describe(Field field) {
        return field.getDeclaringClass().getName() + "." + field.getName();
    }
}
