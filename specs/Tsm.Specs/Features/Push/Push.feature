@ota @push
Feature: Remote push
  Requirement 5.8.5 (remote push): the platform, or a service provider's platform, asks for a push; the platform records a
  unique push serial with the operation and its parameters, and sends an SMS to the phone: binary, UDHI set, the UDH
  06 05 04 with the wallet's port, then the SEID and the push serial (figure 5-1). The wallet, woken for that port,
  asks the platform for the work with the serial, and the platform runs the operation recorded for it. The gateway
  runs in-process with an SMPP account on our SMSC simulator; the SE is simulated.

  Background:
    Given the user of number 8613500000001 with a new SE of the demo batch
    And the phone has registered

  Scenario: A pushed download: the SMS wakes the wallet and the serial runs the download
    When the platform asks to push a download of the demo application to the SE
    Then the SMS centre gets a wake-up SMS for 8613500000001: binary, UDHI set, UDH 06 05 04 with port 3F11
    And the wake-up SMS carries the SEID of the SE and the push serial
    And the push is recorded as delivered
    When the wallet presents the push serial from the SMS
    And the phone runs the session of the push
    Then the push task succeeds as a download
    And the SE lists application A000000333010101 as SELECTABLE
    When the wallet presents the push serial from the SMS
    Then the gateway refuses the serial with HTTP 410 "Push serial already used"

  Scenario: A serial the platform never issued is refused
    When the wallet presents the push serial 0102030405060708090A
    Then the gateway refuses the serial with HTTP 404 "Unknown push serial"

  Scenario: The user texts SYNC: an info sync is queued and pushed for each of his SEs
    When the phone sends the text "SYNC" to the service number 10657
    Then the SMS centre gets a wake-up SMS for 8613500000001: binary, UDHI set, UDH 06 05 04 with port 3F11
    When the wallet presents the push serial from the SMS
    And the phone runs the session of the push
    Then the push task succeeds as a sync
