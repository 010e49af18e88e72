package dev.rpc.benchmark.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.rpc.benchmark.plan.Plan;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's PNG charts, drawn with JFreeChart (headless). */
final class Charts {

    private static final int WIDTH = 1000;

    private static final int HEIGHT = 520;

    private Charts() {
    }

    /** Writes every chart into {@code dir}; returns their file names. */
    static List<String> write(Path dir, List<ContenderRun> all) {
        System.setProperty("java.awt.headless", "true");
        List<ContenderRun> runs = all.stream().filter(ContenderRun::succeeded).toList();
        List<String> files = new ArrayList<>();

        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        String[][] percentiles = { { "p50", "p50" }, { "p90", "p90" }, { "p99", "p99" }, { "p999", "p99.9" } };
        for (ContenderRun run : runs) {
            for (String[] p : percentiles) {
                add(latency, run.value(Plan.LATENCY, p[0]), run.id(), p[1]);
            }
        }
        files.add(save(dir, "latency.png", ChartFactory.createBarChart(
                "Latency, blocking API, 1 caller, small payload (lower is better)", "percentile", "microseconds",
                latency, PlotOrientation.VERTICAL, true, false, false)));

        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        for (ContenderRun run : runs) {
            add(throughput, run.value(Plan.THROUGHPUT_SMALL, "rate"), "small payload", run.id());
            add(throughput, run.value(Plan.THROUGHPUT_LARGE, "rate"), "large payload (10 KiB blob)", run.id());
        }
        files.add(save(dir, "throughput.png", ChartFactory.createBarChart(
                "Throughput, async API, 1 connection, " + Plan.IN_FLIGHT + " in flight (higher is better)", "contender",
                "calls per second", throughput, PlotOrientation.VERTICAL, true, false, false)));

        DefaultCategoryDataset connections = new DefaultCategoryDataset();
        for (ContenderRun run : runs) {
            for (int count : Plan.CONNECTION_COUNTS) {
                add(connections, run.value(Plan.CONNECTIONS + count, "rate"), run.id(), count + (count == 1 ? " connection" : " connections"));
            }
        }
        files.add(save(dir, "connections.png", lines(ChartFactory.createLineChart(
                "Throughput by connections, " + Plan.CONNECTIONS_IN_FLIGHT + " in flight in all, small payload", "connections",
                "calls per second", connections, PlotOrientation.VERTICAL, true, false, false), false)));

        DefaultCategoryDataset payloads = new DefaultCategoryDataset();
        for (ContenderRun run : runs) {
            for (int size : Plan.PAYLOAD_SIZES) {
                add(payloads, run.value(Plan.PAYLOAD + size, "rate"), run.id(), BenchmarkReport.size(size));
            }
        }
        files.add(save(dir, "payload-size.png", lines(ChartFactory.createLineChart(
                "Throughput by payload (blob) size, 1 connection, " + Plan.IN_FLIGHT + " in flight (log scale)", "blob size",
                "calls per second", payloads, PlotOrientation.VERTICAL, true, false, false), true)));
        return files;
    }

    private static void add(DefaultCategoryDataset dataset, double value, String series, String category) {
        if (!Double.isNaN(value)) {
            dataset.addValue(value, series, category);
        }
    }

    private static JFreeChart lines(JFreeChart chart, boolean logScale) {
        CategoryPlot plot = chart.getCategoryPlot();
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        for (int i = 0; i < plot.getDataset().getRowCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        if (logScale) {
            LogAxis axis = new LogAxis("calls per second (log)");
            axis.setSmallestValue(1);
            plot.setRangeAxis(axis);
        }
        return chart;
    }

    private static String save(Path dir, String name, JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(248, 248, 248));
        if (chart.getPlot() instanceof CategoryPlot plot) {
            plot.setRangeGridlinePaint(Color.GRAY);
        }
        try {
            ChartUtils.saveChartAsPNG(dir.resolve(name).toFile(), chart, WIDTH, HEIGHT);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return name;
    }
}
