@sp-gateway @personalization
Feature: Personalization of an application in modes 1, 2 and 3
  Requirement 5.8.4.6 (application personalization): mode 1, the provider's own commands to its application passed through unchanged; mode 2,
  the platform sends the provider's DGIs to the application inside its security domain's secure channel; mode 3, the
  security domain forwards them after INSTALL [for personalization]. In modes 2 and 3 the provider's data comes
  encrypted under its transport key (TK), sensitive DGIs under its KEK. The SE is simulated and runs an e-purse:
  GET BALANCE on the card shows what was personalized.

  Background:
    Given a registered phone whose SE runs the e-purse

  Scenario: Mode 3 through the ISD: the purse shows the personalized balance and becomes useable
    Given the bank platform has downloaded application A0000007770101
    When the bank platform personalizes application A0000007770101 in mode 3 with a balance of 4321 under its TK
    Then the platform answers 200 with the "personalize" task succeeded
    And the purse A0000007770101 answers GET BALANCE with 4321
    And the platform records application A0000007770101 as Useable

  Scenario: Mode 2 in the operator SD's channel
    Given the bank platform has downloaded application A0000007770102
    When the bank platform personalizes application A0000007770102 in mode 2 with a balance of 99 under its TK
    Then the platform answers 200 with the "personalize" task succeeded
    And the purse A0000007770102 answers GET BALANCE with 99

  Scenario: Mode 1: the provider's own PUT DATA under the purse's key passes through
    Given the bank platform has downloaded application A0000007770103
    When the bank platform personalizes application A0000007770103 in mode 1 with a PUT DATA of the balance 777 under the purse's initial key
    Then the platform answers 200 with the "personalize" task succeeded
    And the purse A0000007770103 answers GET BALANCE with 777

  Scenario: Bad TK data is refused before anything runs
    Given the bank platform has downloaded application A0000007770101
    When the bank platform personalizes application A0000007770101 in mode 3 with a balance of 4321 under its TK, the last byte corrupted
    Then the platform answers 400 "Bad TK data"
    And nothing is queued for the SE
    And the purse A0000007770101 answers GET BALANCE with 6985
