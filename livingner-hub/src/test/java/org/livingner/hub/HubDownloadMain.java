package org.livingner.hub;

import java.nio.file.Path;
import java.util.Optional;

/** Run by {@link ConcurrentDownloadTest} in separate JVMs: downloads one model and prints its snapshot dir. */
public final class HubDownloadMain {

    public static void main(String[] args) throws Exception {
        HubSettings settings = new HubSettings(args[0], Path.of(args[1]), false, Optional.empty());
        System.out.println(new HfHub(settings).download(HfModelId.parse(args[2])));
    }
}
