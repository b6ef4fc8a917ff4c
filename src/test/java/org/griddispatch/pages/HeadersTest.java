package org.griddispatch.pages;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.waitFor;

/**
 * The headers of the department's desk, the administration and the residents' page keep to one row
 * on a phone and at a desk, in both languages, with the connection's state and the language switch
 * whole and tappable (the worker's and the centre's are measured in their own tests).
 */
class HeadersTest extends PageTest {

  /** {@code signedIn}: what shows once the page is signed in, looked for before and after each reload. */
  private static void inBothLanguagesAndSizes(WebDriver d, String page, By signedIn, boolean live) throws Exception {
    waitFor(d, signedIn);
    for (String language : new String[] {"zh", "en"}) {
      ((JavascriptExecutor) d).executeScript("localStorage.setItem('lang', arguments[0])", language);
      d.navigate().refresh();
      waitFor(d, signedIn);
      if (live) new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));
      for (int[] size : new int[][] {{390, 844}, {1366, 900}}) {
        resize(d, size[0], size[1]);
        ((JavascriptExecutor) d).executeScript("window.scrollTo(0, 0)");
        assertHeaderInOneRow(d, page + ", " + language + " " + size[0] + "px");
        screenshot(d, "header-" + page + "-" + language + "-" + size[0]);
      }
    }
  }

  @Test
  void theDepartmentsDeskHeaderIsOneRow() throws Exception {
    WebDriver d = browser(1366, 900);
    Browsers.signIn(d, base + "/dept", "dept-gas", "demo1234");
    inBothLanguagesAndSizes(d, "dept", By.cssSelector("#state.open"), true);
  }

  @Test
  void theAdministrationsHeaderIsOneRow() throws Exception {
    WebDriver d = browser(1366, 900);
    Browsers.signIn(d, base + "/admin", "admin", "admin-test-pw");
    inBothLanguagesAndSizes(d, "admin", By.id("tab-grids"), false);
  }

  @Test
  void theResidentsHeaderIsOneRow() throws Exception {
    WebDriver d = browser(390, 844);
    Browsers.residentSignIn(d, base, "13912345678");
    inBothLanguagesAndSizes(d, "resident", By.id("call"), true);
  }
}
