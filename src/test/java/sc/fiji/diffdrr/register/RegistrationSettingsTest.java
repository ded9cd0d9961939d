package sc.fiji.diffdrr.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The auto recipe's patch is 36 mm on the detector, in odd pixels; given patch sizes are pixels. */
class RegistrationSettingsTest {

  @Test
  void autoPatchFollowsThePixelPitch() {
    RegistrationSettings s = RegistrationSettings.auto();
    assertArrayEquals(new int[] {9, 0}, s.patchPixels(4.0));
    assertArrayEquals(new int[] {17, 0}, s.patchPixels(2.0));
    assertArrayEquals(new int[] {5, 0}, s.patchPixels(8.0));
    assertArrayEquals(new int[] {3, 0}, s.patchPixels(40.0));
    s.patchSizes(new int[] {9, 0}, null);
    assertArrayEquals(new int[] {9, 0}, s.patchPixels(2.0));
    assertArrayEquals(new int[] {0}, RegistrationSettings.diffdrr().patchPixels(2.0));
  }
}
