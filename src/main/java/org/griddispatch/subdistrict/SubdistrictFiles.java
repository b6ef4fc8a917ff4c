package org.griddispatch.subdistrict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a subdistrict's files are read from: an operator's directory ({@code import DIR}) or a folder
 * inside the jar (the demo's {@code conf/demo}). Reading may block: call it off the event loop.
 */
public final class SubdistrictFiles {
  public static final String GRIDS = "grids.geojson";
  public static final String DEPARTMENTS = "departments.json";
  public static final String CATEGORIES = "categories.json";
  public static final String SERVICES = "services.json";
  public static final String USERS = "users.json";
  /** The files every subdistrict has, in the order they are checked. */
  public static final List<String> ALL = List.of(DEPARTMENTS, CATEGORIES, SERVICES, GRIDS, USERS);

  private final Path directory;
  private final String resourceFolder;

  private SubdistrictFiles(Path directory, String resourceFolder) {
    this.directory = directory;
    this.resourceFolder = resourceFolder;
  }

  public static SubdistrictFiles directory(Path dir) { return new SubdistrictFiles(dir, null); }

  /** A folder on the class path, such as {@code conf/demo}. */
  public static SubdistrictFiles classpath(String folder) { return new SubdistrictFiles(null, folder); }

  /** Where the files are, for messages and the audit log. */
  public String describe() {
    return directory != null ? directory.toString() : "classpath:" + resourceFolder;
  }

  /** The file's text, or null when there is no such file. */
  public String read(String name) {
    try {
      if (directory != null) {
        Path file = directory.resolve(name);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
      }
      try (InputStream in = SubdistrictFiles.class.getClassLoader().getResourceAsStream(resourceFolder + "/" + name)) {
        return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + name + " in " + describe(), e);
    }
  }
}
