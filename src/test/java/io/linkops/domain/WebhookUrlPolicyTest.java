package io.linkops.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class WebhookUrlPolicyTest {

    @Test
    void productionTakesHttpsUrlsWithAHostAndNoCredentials() {
        assertNull(WebhookUrlPolicy.problemWithUrl("https://hooks.example.com/linkops?x=1", false));
        assertNotNull(WebhookUrlPolicy.problemWithUrl("http://hooks.example.com/", false));
        assertNotNull(WebhookUrlPolicy.problemWithUrl("ftp://hooks.example.com/", false));
        assertNotNull(WebhookUrlPolicy.problemWithUrl("https:///path", false));
        assertNotNull(WebhookUrlPolicy.problemWithUrl("https://user:pw@hooks.example.com/", false));
        assertNotNull(WebhookUrlPolicy.problemWithUrl("not a url", false));
        assertNotNull(WebhookUrlPolicy.problemWithUrl(null, false));
        assertNull(WebhookUrlPolicy.problemWithUrl("http://127.0.0.1:8089/hook", true), "local and test profiles");
    }

    @Test
    void productionRefusesLoopbackPrivateAndLinkLocalAddresses() throws Exception {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "::1", "fd00::1", "fe80::1", "224.0.0.1"}) {
            assertFalse(WebhookUrlPolicy.allowedAddress(InetAddress.getByName(address), false), address);
            assertTrue(WebhookUrlPolicy.allowedAddress(InetAddress.getByName(address), true), address);
        }
        for (String address : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700::1111"}) {
            assertTrue(WebhookUrlPolicy.allowedAddress(InetAddress.getByName(address), false), address);
        }
    }
}
