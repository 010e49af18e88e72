package dev.rpc.spring.boot.diagnostics;

/** Two beans export the same service name; a call could not tell which one to run. */
public class DuplicateRpcServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String serviceName;

    private final String firstBean;

    private final String secondBean;

    /** Creates the exception. */
    public DuplicateRpcServiceException(String serviceName, String firstBean, String secondBean) {
        super("Service " + serviceName + " is exported by two beans, '" + firstBean + "' and '" + secondBean + "'");
        this.serviceName = serviceName;
        this.firstBean = firstBean;
        this.secondBean = secondBean;
    }

    /** Returns the service name both beans export. */
    public String getServiceName() {
        return this.serviceName;
    }

    /** Returns the bean found first. */
    public String getFirstBean() {
        return this.firstBean;
    }

    /** Returns the bean found second. */
    public String getSecondBean() {
        return this.secondBean;
    }
}
