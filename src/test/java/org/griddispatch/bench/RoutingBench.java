package org.griddispatch.bench;

import org.griddispatch.geo.GridIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Point-to-grid lookups per second of {@link GridIndex} (the node's STRtree of prepared polygons),
 * single-threaded, with JMH: on the 24 demo grids and on 10,000 irregular synthetic grids, each
 * lookup the next of 65,536 precomputed random points inside the dataset's bounding box, after one
 * pass over them all.
 *
 * <p>Its main method first writes, for each dataset, into {@code --dir}: the grids as
 * {@code id TAB GeoJSON} ({@code NAME-grids.tsv}), 1,000 random points with the grid this index puts
 * them in as {@code lon TAB lat TAB id} ({@code NAME-sample.tsv}), and the bounding box
 * ({@code datasets.tsv}); bench/routing loads them into PostGIS. It then runs the benchmark and writes
 * the measured iterations' ops/s as {@code NAME TAB median TAB min TAB max} to {@code ours.tsv}.
 * {@code --quick} measures for less time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutingBench {
  private static final int POINTS = 1 << 16;

  @Param({"demo", "synthetic"})
  public String dataset;

  private GridIndex index;
  private double[] lat, lon;
  private int next;

  @Setup
  public void setup() {
    RoutingData data = RoutingData.of(dataset);
    index = data.index();
    double[][] points = data.points(POINTS, 7);
    lat = points[0];
    lon = points[1];
    // one pass first: every point must fall in a grid (GridIndex builds its locators up front, so nothing else warms here)
    for (int k = 0; k < POINTS; k++) {
      if (index.locate(lat[k], lon[k]) == null) throw new IllegalStateException("outside every grid: " + lon[k] + " " + lat[k]);
    }
  }

  @Benchmark
  public GridIndex.Grid locate() {
    int k = next++ & (POINTS - 1);
    return index.locate(lat[k], lon[k]);
  }

  public static void main(String[] argv) throws Exception {
    BenchArgs args = new BenchArgs(argv);
    Path dir = Path.of(args.get("dir", "target/routing"));
    boolean quick = args.has("quick");
    Files.createDirectories(dir);
    List<String> datasets = new ArrayList<>();
    for (String name : List.of("demo", "synthetic")) datasets.add(dump(RoutingData.of(name), dir));
    Files.write(dir.resolve("datasets.tsv"), datasets);

    var options = new OptionsBuilder()
        .include(RoutingBench.class.getName() + ".locate")
        .forks(1)
        .jvmArgs("-Xms1g", "-Xmx1g")
        .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .build();
    List<String> ours = new ArrayList<>();
    for (RunResult r : new Runner(options).run()) { // the median iteration: the machine may be shared
      Statistics s = r.getPrimaryResult().getStatistics();
      ours.add(String.format(Locale.ROOT, "%s\t%.0f\t%.0f\t%.0f", r.getParams().getParam("dataset"), s.getPercentile(50), s.getMin(), s.getMax()));
    }
    Files.write(dir.resolve("ours.tsv"), ours);
  }

  /** Writes the dataset's grids and sample; returns its line of datasets.tsv: name, bbox, grid count. */
  private static String dump(RoutingData data, Path dir) throws IOException {
    List<String> grids = new ArrayList<>();
    data.boundaries().forEach((id, geometry) -> grids.add(id + "\t" + geometry.encode()));
    Files.write(dir.resolve(data.name() + "-grids.tsv"), grids);
    GridIndex index = data.index();
    double[][] points = data.points(1000, 11);
    List<String> sample = new ArrayList<>();
    for (int k = 0; k < points[0].length; k++) {
      GridIndex.Grid grid = index.locate(points[0][k], points[1][k]);
      sample.add(points[1][k] + "\t" + points[0][k] + "\t" + (grid == null ? "\\N" : grid.id()));
    }
    Files.write(dir.resolve(data.name() + "-sample.tsv"), sample);
    double[] b = data.bbox();
    return String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%d", data.name(), b[0], b[1], b[2], b[3], index.size());
  }
}
