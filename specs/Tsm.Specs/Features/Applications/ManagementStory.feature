@sp-gateway @sd
Feature: The management plane's whole story
  Requirements 5.3, 5.4.4 and 5.8.4.1 together: a business administrator applies for a security domain for provider
  bank and another approves it; bank's platform creates it on a phone's SE; bank's staff upload a real CAP into it; it is
  reviewed, tested on a test number, published to the phone's batch and only then offered to the phone's wallet, which
  downloads it into that SD; archiving stops the offer. Each step is taken by its own role over HTTP; the gateway runs
  in-process and the phone's SE is simulated.

  Background:
    Given a registered phone whose SE runs the e-purse
    And business administrators "story-applicant" and "story-approver"

  Scenario: From a security-domain definition to a phone, and to the archive
    When "story-applicant" applies for a security domain for provider bank with a fixed space of 8192 bytes and key version 30
    And "story-approver" approves the definition
    Then the definition answer is 200
    When the bank platform creates the defined security domain with key 303132333435363738393A3B3C3D3E3F of version 21 under its KEK
    Then the platform answers 200 with the "create-security-domain" task succeeded
    When bank's staff upload version 1.0 of the empty applet from "gppro-Empty_0102030405_8d5ac9e2_2.2.1.cap" into the defined security domain
    Then the uploaded application is "initial"
    And the phone's wallet is not offered the application
    When a business administrator approves the application
    And a tester records a passed test on test number 13900000001 for batch "demo"
    Then the uploaded application is "tested"
    And the phone's wallet is not offered the application
    When a business administrator publishes the application to batch "demo"
    Then the uploaded application is "published"
    And the phone's wallet is offered the application
    When the phone's wallet downloads the application
    Then the SE holds the applet in the defined security domain
    When a business administrator archives the application
    Then the uploaded application is "archiving"
    When a business administrator finishes archiving the application
    Then the uploaded application is "archived"
