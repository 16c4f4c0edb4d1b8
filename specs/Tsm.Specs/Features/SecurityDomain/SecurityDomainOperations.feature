@sp-gateway @sd
Feature: Security domain operations
  Requirement 5.8.3 (SE security domain management): a service provider's platform creates its security domain with its own keys sent under its
  KEK (5.8.3.1), updates the keys (5.8.3.2) and deletes the domain once it is empty (5.8.3.3); the issuer security
  domain is never deleted (no provider can even name it: 404), and a download of an application whose security domain
  is not on the SE creates that domain first: an operator's with keys of the platform's, the provider's with its
  initial keys, the application staying with the ISD until the provider's key update (GP 2.2.1 §9.4.1). The gateway runs in-process; the phone's SE is simulated and every check reads the SE itself.

  Background:
    Given a registered phone whose SE runs the e-purse

  Scenario: A provider creates its SD with its keys; once empty it is deleted and the SE frees its space
    Given the SE's free space is noted
    When the bank platform creates security domain A000000151535300CC with key 303132333435363738393A3B3C3D3E3F of version 21 under its KEK
    Then the platform answers 200 with the "create-security-domain" task succeeded
    And the SE holds security domain A000000151535300CC as PERSONALIZED with key set 21 holding key 303132333435363738393A3B3C3D3E3F
    And the SE's free non-volatile space has gone down by at least 2048 bytes
    When the bank platform deletes security domain A000000151535300CC
    Then the platform answers 200 with the "delete-security-domain" task succeeded
    And the SE no longer lists application A000000151535300CC
    And the SE's free space is back to what it was
    And the platform no longer records security domain A000000151535300CC

  Scenario: A provider's SD created without keys gets them with a key update
    When the bank platform creates security domain A000000151535300BB without keys
    Then the platform answers 200 with the "create-security-domain" task succeeded
    And the SE holds security domain A000000151535300BB as SELECTABLE
    When the bank platform updates the keys of security domain A000000151535300BB to key 505152535455565758595A5B5C5D5E5F of version 23 under its KEK
    Then the platform answers 200 with the "update-security-domain-keys" task succeeded
    And the SE holds security domain A000000151535300BB as PERSONALIZED with key set 23 holding key 505152535455565758595A5B5C5D5E5F
    When the bank platform updates the keys of security domain A000000151535300BB to key 606162636465666768696A6B6C6D6E6F of version 24 under its KEK
    Then the platform answers 409 "Keys not held by the platform"

  Scenario: A download into the provider's missing SD creates it with its initial keys; the provider's key update moves the application in
    When the bank platform downloads application A0000007770106
    Then the platform answers 200 with the "download" task succeeded
    And the SE holds security domain A000000151535300BB as SELECTABLE
    And the SE lists application A0000007770106 associated with security domain A0000001510000
    When the bank platform updates the keys of security domain A000000151535300BB to key 505152535455565758595A5B5C5D5E5F of version 23 under its KEK
    Then the platform answers 200 with the "update-security-domain-keys" task succeeded
    And the SE holds security domain A000000151535300BB as PERSONALIZED with key set 23 holding key 505152535455565758595A5B5C5D5E5F
    And the SE lists application A0000007770106 associated with security domain A000000151535300BB

  Scenario: A security domain with an application is not deleted, and the ISD never is
    Given the bank platform has created security domain A000000151535300CC with key 303132333435363738393A3B3C3D3E3F of version 21 under its KEK
    And the bank platform has downloaded application A0000007770104
    When the bank platform deletes security domain A000000151535300CC
    Then the platform answers 409 "Security domain not empty"
    And the SE lists application A0000007770104 associated with security domain A000000151535300CC
    When the bank platform deletes security domain A0000001510000
    Then the platform answers 404 "Unknown security domain"
    And the SE lists the issuer security domain A0000001510000

  Scenario: A download of an application whose operator SD is missing creates that SD first
    When the bank platform downloads application A0000007770102
    Then the platform answers 200 with the "download" task succeeded
    And the SE holds security domain A000000151535300AA as PERSONALIZED with key set 30
    And the SE lists application A0000007770102 associated with security domain A000000151535300AA
