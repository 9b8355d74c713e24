import { describe, expect, it } from 'vitest';
import { fieldworkErrors } from './fieldwork';

const FORM = {
  frameworkId: 'cp-joint-2012',
  area: 'Northshire',
  startsOn: '2026-11-23',
  endsOn: '',
};

describe('the fieldwork both set-up forms ask for', () => {
  it('asks for what is missing in the same words on the device and on the server', () => {
    expect(fieldworkErrors({ frameworkId: '', area: '  ', startsOn: '', endsOn: '' })).toEqual({
      frameworkId: 'Select which inspection this is',
      area: 'Enter the local authority area',
      startsOn: 'Enter the start of fieldwork',
    });
    expect(fieldworkErrors(FORM)).toEqual({});
  });

  it('refuses an end before the start, but says nothing of the order against a start that is no date', () => {
    expect(fieldworkErrors({ ...FORM, endsOn: '2026-11-22' })).toEqual({
      endsOn: 'The end of fieldwork must be on or after its start',
    });
    expect(fieldworkErrors({ ...FORM, endsOn: '2026-11-23' })).toEqual({});
    const errors = fieldworkErrors({ ...FORM, startsOn: '2026-13-40', endsOn: '2026-12-04' });
    expect(Object.keys(errors)).toEqual(['startsOn']);
  });
});
