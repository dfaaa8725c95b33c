package io.linkops.testinfra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through its ChromeDriver, installed with apt on a machine that lacks them (the
 * suite must set itself up on a fresh machine). Never downloads a browser: Selenium is pointed at both binaries.
 */
public final class Chromium {

    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration INSTALL_BOUND = Duration.ofMinutes(10);

    private Chromium() {
    }

    /** A new headless browser whose downloads land in {@code downloads}; installs Chromium first if needed. */
    public static ChromeDriver start(Path downloads) throws IOException, InterruptedException {
        ensureInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // The flags this machine's closed network needs (no background connections), and a fresh profile.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("linkops-chromium"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String output = apt("install", "-y", "chromium", "chromium-driver");
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            // A fresh machine's package lists may be stale or empty.
            apt("update");
            output = apt("install", "-y", "chromium", "chromium-driver");
        }
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("Chromium and ChromeDriver could not be installed with apt-get (needs "
                    + "root and Debian's package registry); its last output:\n" + output);
        }
    }

    private static String apt(String... arguments) throws IOException, InterruptedException {
        Path log = Files.createTempFile("linkops-apt", ".log");
        ProcessBuilder builder = new ProcessBuilder(concat("apt-get", arguments)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        if (!process.waitFor(INSTALL_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            Processes.stop(process);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static List<String> concat(String command, String... arguments) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(arguments));
        return all;
    }
}
